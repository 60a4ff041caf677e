package io.sextant.git.api;

import io.sextant.git.jgit.JGitSources;

/** Entry point of the module: opens a {@link GitSource} for a spec. The implementation stays hidden. */
public final class GitSources {

    private GitSources() {
    }

    /**
     * Opens a source without touching the network or the disk; the local clone is made or opened on
     * first use. The caller owns the result and must {@link GitSource#close() close} it. A cache
     * directory belongs to one open source at a time.
     */
    public static GitSource open(GitSourceSpec spec) {
        return JGitSources.open(spec);
    }
}
