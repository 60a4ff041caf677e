package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initBare;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.git.GitSources;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.api.Restore;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Targeted reverts pushed to a real smart-HTTP Git server with Basic auth: the new commit restores only the
 * named paths, on a new branch (found, not pushed again, on a second call) or on the watched branch.
 */
class RestoreTest {

    static final String USER = "ci-bot";
    static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @TempDir
    Path tmp;
    GitHttpServer server;
    Path work;
    String good;
    String bad;

    @BeforeEach
    void startServer() {
        initBare(tmp.resolve("repos/platform.git"));
        server = GitHttpServer.start(tmp.resolve("repos"), USER, PASSWORD);
        work = initRepo(tmp.resolve("work"));
        git(work, "remote", "add", "origin", server.authenticatedUrl("platform"));
        commitFile(work, "deploy/b.yaml", "b: 1\n", "b");
        good = commitFile(work, "deploy/a.yaml", "a: 1\n", "a good");
        GitCli.writeFile(work, "deploy/a.yaml", "a: 2\n");
        GitCli.writeFile(work, "deploy/b.yaml", "b: 2\n");
        GitCli.writeFile(work, "deploy/c.yaml", "c: 2\n");
        bad = GitCli.commitAll(work, "a bad, b and c fine");
        git(work, "push", "-q", "origin", "main");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitSource open(String password) {
        return GitSources.open(new GitSourceSpec("platform", server.url("platform"), "main", List.of("deploy"),
                new GitCredentials.UsernamePassword(USER, password), tmp.resolve("cache")));
    }

    private static Restore restore(String from, boolean onWatchedBranch, String... paths) {
        return new Restore(from, List.of(paths), "sextant/rollback-a", "Roll back a", "Sextant",
                "sextant@users.noreply.invalid", onWatchedBranch);
    }

    private String remote(String ref, String path) {
        git(work, "fetch", "-q", "origin", ref);
        return git(work, "show", "FETCH_HEAD:" + path);
    }

    @Test
    void pushesANewBranchThatRestoresOnlyTheNamedPaths() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            Restore.Pushed pushed = source.pushRestore(restore(good, false, "deploy/a.yaml", "deploy/c.yaml"));

            assertThat(pushed.created()).isTrue();
            assertThat(pushed.branch()).isEqualTo("sextant/rollback-a");
        }
        assertThat(remote("sextant/rollback-a", "deploy/a.yaml")).isEqualTo("a: 1\n");
        assertThat(remote("sextant/rollback-a", "deploy/b.yaml")).as("not named: left as it is").isEqualTo("b: 2\n");
        assertThat(git(work, "ls-tree", "--name-only", "-r", "FETCH_HEAD")).doesNotContain("deploy/c.yaml");
        assertThat(git(work, "rev-parse", "FETCH_HEAD^").strip()).isEqualTo(bad);
        assertThat(git(work, "log", "-1", "--format=%an <%ae>%n%s", "FETCH_HEAD"))
                .isEqualTo("Sextant <sextant@users.noreply.invalid>\nRoll back a\n");
        assertThat(git(work, "rev-parse", "origin/main").strip()).as("the watched branch untouched").isEqualTo(bad);
    }

    @Test
    void aSecondRestoreOfTheSameBranchFindsItAndPushesNothing() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            Restore.Pushed first = source.pushRestore(restore(good, false, "deploy/a.yaml"));
            Restore.Pushed again = source.pushRestore(restore(good, false, "deploy/a.yaml"));

            assertThat(again.created()).isFalse();
            assertThat(again.commitId()).isEqualTo(first.commitId());
        }
    }

    @Test
    void pushesOntoTheWatchedBranchOnlyWhenAskedTo() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            Restore.Pushed pushed = source.pushRestore(restore(good, true, "deploy/a.yaml"));

            assertThat(pushed.branch()).isEqualTo("main");
            assertThat(source.lsRemote()).isEqualTo(pushed.commitId());
        }
        assertThat(remote("main", "deploy/a.yaml")).isEqualTo("a: 1\n");
        assertThat(git(work, "rev-parse", "FETCH_HEAD^").strip()).as("a fast-forward, not a rewrite").isEqualTo(bad);
    }

    @Test
    void refusesARestoreThatChangesNothing() {
        try (GitSource source = open(PASSWORD)) {
            GitException e = catchThrowableOfType(GitException.class,
                    () -> source.pushRestore(restore(bad, false, "deploy/a.yaml")));

            assertThat(e).hasMessageStartingWith("nothing to revert: deploy/a.yaml already hold");
        }
        assertThat(git(work, "ls-remote", "--heads", "origin")).doesNotContain("sextant/rollback-a");
    }

    @Test
    void aWrongPasswordPushesNothingAndNeverShowsThePassword() {
        try (GitSource source = open("wrong-password-123")) {
            GitException e = catchThrowableOfType(GitException.class,
                    () -> source.pushRestore(restore(good, false, "deploy/a.yaml")));

            assertThat(e).isNotNull();
            assertThat(e.getMessage()).doesNotContain("wrong-password-123");
        }
        assertThat(git(work, "ls-remote", "--heads", "origin")).doesNotContain("sextant/rollback-a");
    }

    @Test
    void refusesABranchNameGitWouldNot() {
        try (GitSource source = open(PASSWORD)) {
            GitException e = catchThrowableOfType(GitException.class, () -> source.pushRestore(new Restore(good,
                    List.of("deploy/a.yaml"), "bad..name", "m", "Sextant", "s@x.invalid", false)));

            assertThat(e).hasMessageContaining("'bad..name' is not a valid branch name");
        }
    }
}
