package io.sextant.git.jgit;

import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import java.util.Objects;

/**
 * Bridge from {@code io.sextant.git.GitSources} to the JGit implementation; public only because
 * Java has no friend packages. Use {@code GitSources.open} instead.
 */
public final class JGitSources {

    private JGitSources() {
    }

    public static GitSource open(GitSourceSpec spec) {
        return new JGitSource(Objects.requireNonNull(spec, "spec"));
    }
}
