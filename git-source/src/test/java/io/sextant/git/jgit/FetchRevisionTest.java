package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.initBare;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.Blob;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.api.SpecFile;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching what a pull request preview plans: the head of a pull request, which lives under a ref
 * the watched branch never reaches ({@code refs/pull/N/head} on GitHub), served over smart HTTP.
 */
class FetchRevisionTest {

    static final String USER = "ci-bot";
    static final String PASSWORD = "pr-preview-token";

    @TempDir
    Path tmp;
    GitHttpServer server;
    Path work;
    String mainHead;

    @BeforeEach
    void startServer() {
        initBare(tmp.resolve("repos/platform.git"));
        server = GitHttpServer.start(tmp.resolve("repos"), USER, PASSWORD);
        work = initRepo(tmp.resolve("work"));
        git(work, "remote", "add", "origin", server.authenticatedUrl("platform"));
        mainHead = commitFile(work, "deploy/a.yaml", "a: 1\n", "first");
        git(work, "push", "-q", "origin", "main");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitSource open() {
        return GitSources.open(new GitSourceSpec("platform", server.url("platform"), "main", List.of("deploy"),
                new GitCredentials.UsernamePassword(USER, PASSWORD), tmp.resolve("cache")));
    }

    /** Pushes a commit on a side branch as the head of pull request {@code number}, like GitHub does. */
    private String pushPullRequestHead(int number, String content) {
        git(work, "checkout", "-q", "-B", "feature", "main");
        String head = commitFile(work, "deploy/a.yaml", content, "change a to " + content.trim());
        git(work, "push", "-q", "-f", "origin", "HEAD:refs/pull/" + number + "/head");
        git(work, "checkout", "-q", "main");
        return head;
    }

    @Test
    void fetchesAPullRequestHeadThatNoBranchReaches() throws Exception {
        String head = pushPullRequestHead(17, "a: 2\n");
        try (GitSource source = open()) {
            source.fetch();
            assertThatThrownBy(() -> source.resolve(head)).as("not on the watched branch")
                    .hasMessage("revision '" + head + "' not found");

            assertThat(source.fetchRevision("refs/pull/17/head").id()).isEqualTo(head);

            List<SpecFile> files = source.listFiles(head);
            assertThat(new String(((Blob.Content) source.readBlob(files.get(0).blobId())).bytes())).isEqualTo("a: 2\n");
            assertThat(source.resolve(head).shortMessage()).isEqualTo("change a to a: 2");
        }
    }

    @Test
    void followsAPullRequestHeadRewrittenByAForcePush() throws Exception {
        pushPullRequestHead(17, "a: 2\n");
        try (GitSource source = open()) {
            source.fetchRevision("refs/pull/17/head");
            String rewritten = pushPullRequestHead(17, "a: 3\n");
            assertThat(source.fetchRevision("refs/pull/17/head").id()).isEqualTo(rewritten);
        }
    }

    @Test
    void fetchesACommitIdOnTheWatchedBranchWithoutAnyPriorFetch() throws Exception {
        try (GitSource source = open()) {
            assertThat(source.fetchRevision(mainHead).id()).isEqualTo(mainHead);
        }
    }

    @Test
    void fetchesACommitIdOnlyAPullRequestRefReaches() throws Exception {
        String head = pushPullRequestHead(3, "a: 5\n");
        try (GitSource source = open()) {
            assertThat(source.fetchRevision(head).id()).isEqualTo(head);
            assertThat(source.fetchRevision(head).id()).as("now local: no fetch needed").isEqualTo(head);
        }
    }

    @Test
    void fetchesABranchATagAndAShortCommitIdByName() throws Exception {
        git(work, "checkout", "-q", "-B", "preview", "main");
        String preview = commitFile(work, "deploy/a.yaml", "a: 7\n", "preview a");
        git(work, "push", "-q", "origin", "preview");
        git(work, "tag", "v1.0", preview);
        git(work, "tag", "-a", "-m", "release", "v1.1", preview);
        git(work, "push", "-q", "origin", "v1.0", "v1.1");
        git(work, "checkout", "-q", "main");
        try (GitSource source = open()) {
            assertThat(source.fetchRevision("preview").id()).as("a branch").isEqualTo(preview);
            assertThat(source.fetchRevision("v1.0").id()).as("a lightweight tag").isEqualTo(preview);
            assertThat(source.fetchRevision("v1.1").id()).as("an annotated tag").isEqualTo(preview);
            assertThat(source.fetchRevision(mainHead.substring(0, 7)).id()).as("a short id").isEqualTo(mainHead);
            assertThat(source.fetchRevision("main").id()).as("the watched branch").isEqualTo(mainHead);
            assertThatThrownBy(() -> source.fetchRevision("no-such-branch")).isInstanceOf(GitException.class)
                    .hasMessage("revision 'no-such-branch' not found: no commit, branch or tag of that name on "
                            + server.url("platform"));
        }
    }

    @Test
    void aMissingRefOrCommitIsAClearError() {
        try (GitSource source = open()) {
            assertThatThrownBy(() -> source.fetchRevision("refs/pull/99/head")).isInstanceOf(GitException.class)
                    .hasMessage("ref 'refs/pull/99/head' not found on " + server.url("platform"));
            String unknown = "0123456789abcdef0123456789abcdef01234567";
            assertThatThrownBy(() -> source.fetchRevision(unknown)).isInstanceOf(GitException.class)
                    .hasMessageContaining(unknown);
            assertThatThrownBy(() -> source.fetchRevision("refs/pull/1/../head")).isInstanceOf(GitException.class)
                    .hasMessage("'refs/pull/1/../head' is not a valid ref name");
            assertThatThrownBy(() -> source.fetchRevision(" ")).hasMessage("revision must not be empty");
        }
    }

    @Test
    void otherRevisionsAreResolvedOnTheFetchedBranch() throws Exception {
        String second = commitFile(work, "deploy/a.yaml", "a: 9\n", "second");
        git(work, "push", "-q", "origin", "main");
        try (GitSource source = open()) {
            assertThat(source.fetchRevision("main~1").id()).isEqualTo(mainHead);
            assertThat(source.fetchRevision(second.substring(0, 8)).id()).isEqualTo(second);
        }
    }
}
