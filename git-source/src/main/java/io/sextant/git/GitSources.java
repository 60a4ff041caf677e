package io.sextant.git;

import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.api.TrustedKeys;
import io.sextant.git.jgit.JGitSources;
import io.sextant.git.signature.KeyDirectory;
import java.nio.file.Path;

/**
 * Entry point of the module: opens a {@link GitSource} for a spec and reads {@link TrustedKeys}. The
 * implementation stays hidden. It sits above {@code api} rather than in it, so that the API types never
 * depend on the packages that implement them (no package cycle).
 */
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

    /** Reads every key file of {@code directory}; fails naming the file when one cannot be read. */
    public static TrustedKeys trustedKeys(Path directory) throws GitException {
        return KeyDirectory.load(directory);
    }
}
