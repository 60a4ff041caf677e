package io.sextant.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.testing.GitCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Git network operations of a real repository, timed with their outcome; local reads untimed. */
class TimedGitSourceTest {

    @TempDir
    Path dir;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    GitSource timed(String name, Path repository) {
        return new TimedGitSource(name, GitSources.open(new GitSourceSpec(name, repository.toString(), "main", List.of(),
                new GitCredentials.None(), dir.resolve("clones").resolve(name))), registry);
    }

    long count(String source, String operation, String result) {
        var timer = registry.find(TimedGitSource.METRIC)
                .tags("source", source, "operation", operation, "result", result).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void lsRemoteAndFetchAreTimedAsSuccessesAndReadsAreNot() throws Exception {
        Path origin = GitCli.initRepo(dir.resolve("origin"));
        String head = GitCli.commitFile(origin, "teams/a.yaml", "kind: x\n", "first");

        try (GitSource git = timed("fleet", origin)) {
            assertThat(git.lsRemote()).isEqualTo(head);
            CommitInfo fetched = git.fetch();
            git.fetchRevision(head);
            assertThat(git.listFiles(fetched.id())).hasSize(1);
            assertThat(git.resolve("main").id()).isEqualTo(head);
        }

        assertThat(count("fleet", "ls_remote", "success")).isEqualTo(1);
        assertThat(count("fleet", "fetch", "success")).isEqualTo(2);
        assertThat(registry.find(TimedGitSource.METRIC).timers()).as("only ls-remote and fetch").hasSize(2);
        assertThat(registry.find(TimedGitSource.METRIC).tags("operation", "fetch").timer().totalTime(
                java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void aFailingRemoteIsTimedAsAFailureAndTheErrorStillReachesTheCaller() {
        try (GitSource git = timed("gone", dir.resolve("no-such-repository"))) {
            assertThatThrownBy(git::lsRemote).isInstanceOf(GitException.class);
            assertThatThrownBy(git::fetch).isInstanceOf(GitException.class);
        }

        assertThat(count("gone", "ls_remote", "failure")).isEqualTo(1);
        assertThat(count("gone", "fetch", "failure")).isEqualTo(1);
        assertThat(count("gone", "ls_remote", "success")).isZero();
    }
}
