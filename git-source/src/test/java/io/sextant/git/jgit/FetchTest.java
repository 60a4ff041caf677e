package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.head;
import static io.sextant.git.testing.GitCli.initRepo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.storage.file.WindowCacheConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cloning, fetching and ls-remote against repositories on disk, made with the git CLI. */
class FetchTest {

    @TempDir
    Path tmp;
    Path upstream;
    Path cache;

    @BeforeEach
    void createUpstream() {
        upstream = initRepo(tmp.resolve("upstream"));
        commitFile(upstream, "deploy/a.yaml", "a: 1\n", "first");
        cache = tmp.resolve("cache");
    }

    static GitSourceSpec spec(String url, Path cache, String branch) {
        return new GitSourceSpec("test", url, branch, List.of(), null, cache);
    }

    @Test
    void clonesFromALocalPathIntoABareCacheAndFetchesNewCommits() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            assertThat(source.fetch().id()).isEqualTo(head(upstream));
            assertThat(cache.resolve("HEAD")).exists();
            assertThat(cache.resolve(".git")).doesNotExist();

            String second = commitFile(upstream, "deploy/b.yaml", "b: 2\n", "second");
            assertThat(source.fetch().id()).isEqualTo(second);
        }
    }

    @Test
    void clonesFromAFileUrl() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toUri().toString(), cache, "main"))) {
            assertThat(source.fetch().id()).isEqualTo(head(upstream));
        }
    }

    @Test
    void reportsCommitMetadataAsGitWroteIt() throws Exception {
        git(upstream, "commit", "-q", "--allow-empty", "--author=Ada Lovelace <ada@example.com>",
                "-m", "scale llama\n\nfrom 2 to 3 replicas");
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            CommitInfo info = source.fetch();
            assertThat(info.id()).isEqualTo(head(upstream)).hasSize(40);
            assertThat(info.author()).isEqualTo("Ada Lovelace <ada@example.com>");
            assertThat(info.message()).isEqualTo(git(upstream, "log", "-1", "--format=%B").stripTrailing() + "\n");
            assertThat(info.shortMessage()).isEqualTo("scale llama");
            long committed = Long.parseLong(git(upstream, "log", "-1", "--format=%ct").trim());
            assertThat(info.time()).isEqualTo(Instant.ofEpochSecond(committed));
        }
    }

    @Test
    void lsRemoteSeesANewHeadWithoutFetchingIt() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            String first = source.fetch().id();
            String second = commitFile(upstream, "deploy/a.yaml", "a: 2\n", "second");

            assertThat(source.lsRemote()).isEqualTo(second);
            assertThat(source.resolve("main").id()).isEqualTo(first);
        }
    }

    @Test
    void clonesOnlyTheWatchedBranch() throws Exception {
        git(upstream, "checkout", "-q", "-b", "release");
        String release = commitFile(upstream, "deploy/r.yaml", "r: 1\n", "release only");
        git(upstream, "checkout", "-q", "main");
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "release"))) {
            assertThat(source.fetch().id()).isEqualTo(release);
            assertThatThrownBy(() -> source.resolve("main")).hasMessage("revision 'main' not found");
        }
    }

    @Test
    void aMissingBranchIsAClearError() {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "nope"))) {
            String expected = "branch 'nope' not found on " + upstream;
            assertThatThrownBy(source::lsRemote).isInstanceOf(GitException.class).hasMessage(expected);
            assertThatThrownBy(source::fetch).isInstanceOf(GitException.class).hasMessage(expected);
        }
    }

    @Test
    void aMissingRepositoryIsAGitException() {
        String url = tmp.resolve("nowhere").toString();
        try (GitSource source = GitSources.open(spec(url, cache, "main"))) {
            assertThatThrownBy(source::lsRemote).isInstanceOf(GitException.class).hasMessageContaining(url);
            assertThatThrownBy(source::fetch).isInstanceOf(GitException.class).hasMessageContaining(url);
        }
    }

    @Test
    void followsForcePushedHistory() throws Exception {
        String base = head(upstream);
        commitFile(upstream, "deploy/a.yaml", "a: bad\n", "oops");
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            String oops = source.fetch().id();
            git(upstream, "reset", "-q", "--hard", base);
            String fixed = commitFile(upstream, "deploy/a.yaml", "a: good\n", "rewritten");

            assertThat(source.fetch().id()).isEqualTo(fixed);
            assertThat(source.resolve(oops).id()).as("the old commit stays readable").isEqualTo(oops);
        }
    }

    @Test
    void keepsTheCacheAcrossInstances() throws Exception {
        String first = head(upstream);
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            source.fetch();
        }
        try (GitSource source = GitSources.open(spec(tmp.resolve("gone").toString(), cache, "main"))) {
            assertThat(source.resolve("main").id()).as("last good commit while the remote is down").isEqualTo(first);
        }
    }

    @Test
    void theGcAfterAFetchIsDoneWhenTheFetchIs() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            source.fetch();
        }
        // A pack per fetch: the third is one too many, and the old packs may go at once.
        git(cache, "config", "gc.autoPackLimit", "1");
        git(cache, "config", "gc.prunePackExpire", "now");
        String third;
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            commitFile(upstream, "deploy/a.yaml", "a: 2\n", "second");
            source.fetch();
            third = commitFile(upstream, "deploy/a.yaml", "a: 3\n", "third");
            assertThat(source.fetch().id()).isEqualTo(third);
        }

        // Nothing is left running in the cache once its source is closed: the repack has happened.
        List<String> files;
        try (Stream<Path> walk = Files.walk(cache)) {
            files = walk.map(Path::toString).toList();
        }
        assertThat(files).filteredOn(f -> f.endsWith(".pack")).hasSize(1);
        assertThat(files).noneMatch(f -> f.endsWith(".lock"));
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            assertThat(source.resolve("main").id()).isEqualTo(third);
        }
    }

    @Test
    void reclonesACacheWhoseObjectsAreGone() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            source.fetch();
        }
        deleteFilesUnder(cache.resolve("objects"));
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            assertThat(source.fetch().id()).isEqualTo(head(upstream));
            assertThat(source.listFiles("main")).hasSize(1);
        }
    }

    @Test
    void reclonesWhenObjectsAreDamagedUnderAnOpenSource() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            String first = source.fetch().id();
            overwriteFilesUnder(cache.resolve("objects"));
            new WindowCacheConfig().install();  // drop JGit's in-memory copy of the pack
            assertThatThrownBy(() -> source.listFiles(first)).isInstanceOf(GitException.class);

            String second = commitFile(upstream, "deploy/a.yaml", "a: 2\n", "second");
            assertThat(source.fetch().id()).isEqualTo(second);
            assertThat(source.listFiles(first)).hasSize(1);
        }
    }

    @Test
    void reclonesACacheWithGarbageInIt() throws Exception {
        Files.createDirectories(cache);
        Files.writeString(cache.resolve("HEAD"), "garbage");
        Files.writeString(cache.resolve("config"), "[[[ not a config");
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            assertThat(source.fetch().id()).isEqualTo(head(upstream));
        }
    }

    @Test
    void recoversFromAStaleLockLeftByACrash() throws Exception {
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            source.fetch();
        }
        Files.writeString(cache.resolve("refs/heads/main.lock"), "");
        String second = commitFile(upstream, "deploy/a.yaml", "a: 2\n", "second");
        try (GitSource source = GitSources.open(spec(upstream.toString(), cache, "main"))) {
            assertThat(source.fetch().id()).isEqualTo(second);
        }
    }

    @Test
    void refusesToDeleteADirectoryThatIsNotAGitCache() throws Exception {
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        try (GitSource source = GitSources.open(spec(upstream.toString(), precious, "main"))) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitException.class).hasMessageContaining("refusing");
        }
        assertThat(precious.resolve("notes.txt")).hasContent("keep me");
    }

    /** Zeroes files in place: an open pack handle then reads garbage, as after disk corruption. */
    private static void overwriteFilesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.write(file, new byte[(int) Files.size(file)]);
            }
        }
    }

    private static void deleteFilesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.delete(file);
            }
        }
    }
}
