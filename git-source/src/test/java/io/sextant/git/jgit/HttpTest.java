package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initBare;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A source on a real smart-HTTP Git server with Basic auth; the git CLI pushes as a user would. */
class HttpTest {

    static final String USER = "ci-bot";
    static final String PASSWORD = "s3cr3t-Pa55w0rd";

    @TempDir
    Path tmp;
    GitHttpServer server;
    Path work;

    @BeforeEach
    void startServer() {
        initBare(tmp.resolve("repos/platform.git"));
        server = GitHttpServer.start(tmp.resolve("repos"), USER, PASSWORD);
        work = initRepo(tmp.resolve("work"));
        git(work, "remote", "add", "origin", server.authenticatedUrl("platform"));
        commitFile(work, "deploy/a.yaml", "a: 1\n", "first");
        git(work, "push", "-q", "origin", "main");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitSource open(String url, GitCredentials credentials) {
        return GitSources.open(new GitSourceSpec("platform", url, "main", List.of("deploy"), credentials,
                tmp.resolve("cache")));
    }

    private GitSource open(String password) {
        return open(server.url("platform"), new GitCredentials.UsernamePassword(USER, password));
    }

    @Test
    void clonesAndFetchesWithBasicAuth() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            String first = source.fetch().id();
            assertThat(first).isEqualTo(git(work, "rev-parse", "HEAD").trim());
            assertThat(source.listFiles(first)).hasSize(1);

            String second = commitFile(work, "deploy/b.yaml", "b: 1\n", "second");
            git(work, "push", "-q", "origin", "main");
            assertThat(source.fetch().id()).isEqualTo(second);
        }
    }

    @Test
    void aWrongPasswordFailsWithoutRevealingIt() {
        String wrong = "wr0ng-" + PASSWORD;
        try (GitSource source = open(wrong)) {
            for (GitException e : List.of(catchThrowableOfType(GitException.class, source::lsRemote),
                    catchThrowableOfType(GitException.class, source::fetch))) {
                assertThat(e.getMessage()).contains(server.url("platform")).contains("not authorized");
                assertNothingRevealed(e, wrong);
            }
        }
    }

    @Test
    void masksAPasswordWrittenIntoTheUrl() {
        String wrong = "in-url-" + PASSWORD;
        String url = server.url("platform").replace("http://", "http://" + USER + ":" + wrong + "@");
        try (GitSource source = open(url, null)) {
            GitException e = catchThrowableOfType(GitException.class, source::fetch);
            assertThat(e.getMessage()).contains("http://***@").doesNotContain(USER + ":");
            assertNothingRevealed(e, wrong);
        }
    }

    @Test
    void lsRemoteSeesAPushWithoutFetchingIt() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            String first = source.fetch().id();
            String pushed = commitFile(work, "deploy/a.yaml", "a: 2\n", "scale");
            git(work, "push", "-q", "origin", "main");

            assertThat(source.lsRemote()).isEqualTo(pushed);
            assertThat(source.resolve("main").id()).as("the local clone is untouched").isEqualTo(first);
        }
    }

    @Test
    void anUnchangedPollCostsTheSameFewRequestsEveryTime() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            source.fetch();
            int before = server.requestCount();
            source.lsRemote();
            int oneLsRemote = server.requestCount() - before;
            source.lsRemote();
            // Protocol v2: the 401 challenge (JGit never sends credentials unasked, so a redirect
            // cannot carry them elsewhere), the capability advertisement, then ls-refs for refs/heads/.
            assertThat(oneLsRemote).isEqualTo(3);
            assertThat(server.requestCount() - before).isEqualTo(2 * oneLsRemote);
        }
    }

    @Test
    void followsAForcePush() throws Exception {
        try (GitSource source = open(PASSWORD)) {
            source.fetch();
            git(work, "commit", "-q", "--amend", "-m", "first, reworded");
            String rewritten = git(work, "rev-parse", "HEAD").trim();
            git(work, "push", "-q", "--force", "origin", "main");

            assertThat(source.lsRemote()).isEqualTo(rewritten);
            assertThat(source.fetch().id()).isEqualTo(rewritten);
            assertThat(source.resolve("main").message()).isEqualTo("first, reworded\n");
        }
    }

    @Test
    void aMissingBranchOnTheServerIsAClearError() {
        try (GitSource source = GitSources.open(new GitSourceSpec("platform", server.url("platform"), "prod",
                List.of(), new GitCredentials.UsernamePassword(USER, PASSWORD), tmp.resolve("cache")))) {
            GitException e = catchThrowableOfType(GitException.class, source::lsRemote);
            assertThat(e).hasMessage("branch 'prod' not found on " + server.url("platform"));
        }
    }

    /** Neither the message nor any cause may hold the secret, nor any JGit type leave the module. */
    private static void assertNothingRevealed(GitException e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t).isInstanceOf(GitException.class);
            assertThat(t.getMessage()).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
        }
    }
}
