package io.sextant.git.jgit;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.gitWithInput;
import static io.sextant.git.testing.GitCli.initRepo;
import static io.sextant.git.testing.GitCli.writeFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.git.api.Blob;
import io.sextant.git.api.GitException;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.api.PathChange;
import io.sextant.git.api.SpecFile;
import io.sextant.git.testing.GitCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing and diffing spec files at commits, against a repository written with the git CLI. */
class TreeTest {

    @TempDir
    Path tmp;
    Path upstream;
    String first;

    @BeforeEach
    void createUpstream() {
        upstream = initRepo(tmp.resolve("upstream"));
        writeFile(upstream, "teams/search/llama.yaml", "a: 1\n");
        writeFile(upstream, "teams/search/notes.md", "# not a spec\n");
        writeFile(upstream, "teams/ads/route.yml", "b: 1\n");
        writeFile(upstream, "teams2/other.yaml", "c: 1\n");
        writeFile(upstream, "platform/base.yaml", "d: 1\n");
        writeFile(upstream, "README.md", "hello\n");
        writeFile(upstream, "root.yaml", "e: 1\n");
        first = commitAll(upstream, "first");
    }

    private GitSource open(String... paths) throws GitException {
        GitSource source = GitSources.open(new GitSourceSpec("test", upstream.toString(), "main",
                List.of(paths), null, tmp.resolve("cache")));
        source.fetch();
        return source;
    }

    @Test
    void listsYamlFilesUnderThePathsOnDirectoryBoundaries() throws Exception {
        try (GitSource source = open("teams/", "platform")) {
            assertThat(source.listFiles(first)).extracting(SpecFile::path)
                    .containsExactly("platform/base.yaml", "teams/ads/route.yml", "teams/search/llama.yaml");
        }
    }

    @Test
    void anEmptyPathListMeansTheWholeRepository() throws Exception {
        try (GitSource source = open()) {
            assertThat(source.listFiles(first)).extracting(SpecFile::path).containsExactly(
                    "platform/base.yaml", "root.yaml", "teams/ads/route.yml", "teams/search/llama.yaml",
                    "teams2/other.yaml");
        }
    }

    @Test
    void listsBlobIdsThatGitAgreesWith() throws Exception {
        try (GitSource source = open("./teams/search")) {
            SpecFile file = source.listFiles("main").get(0);
            assertThat(file.blobId()).isEqualTo(git(upstream, "rev-parse", "HEAD:teams/search/llama.yaml").trim());
            assertThat(new String(((Blob.Content) source.readBlob(file.blobId())).bytes(), StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
        }
    }

    @Test
    void ignoresSymlinksWithASpecName() throws Exception {
        Files.createSymbolicLink(upstream.resolve("teams/link.yaml"), Path.of("search/llama.yaml"));
        String linked = commitAll(upstream, "symlink");
        try (GitSource source = open("teams")) {
            assertThat(source.listFiles(linked)).extracting(SpecFile::path).doesNotContain("teams/link.yaml");
            assertThat(source.changes(first, linked)).isEmpty();
        }
    }

    @Test
    void reportsAddedModifiedAndDeletedFilesOfAMultiFileCommit() throws Exception {
        writeFile(upstream, "teams/search/llama.yaml", "a: 2\n");
        writeFile(upstream, "teams/search/new.yaml", "n: 1\n");
        writeFile(upstream, "teams/search/notes.md", "# still not a spec\n");
        writeFile(upstream, "teams2/other.yaml", "c: 2\n");
        git(upstream, "rm", "-q", "teams/ads/route.yml");
        String second = commitAll(upstream, "several");
        try (GitSource source = open("teams")) {
            assertThat(source.changes(first, second)).containsExactly(
                    new PathChange(PathChange.Type.DELETED, "teams/ads/route.yml", null),
                    new PathChange(PathChange.Type.MODIFIED, "teams/search/llama.yaml", blob(second, "teams/search/llama.yaml")),
                    new PathChange(PathChange.Type.ADDED, "teams/search/new.yaml", blob(second, "teams/search/new.yaml")));
            assertThat(source.changes(second, second)).isEmpty();
        }
    }

    @Test
    void reportsARenameAsADeleteAndAnAdd() throws Exception {
        git(upstream, "mv", "teams/search/llama.yaml", "teams/search/llama-3.yaml");
        String renamed = commitAll(upstream, "rename");
        try (GitSource source = open("teams")) {
            String blob = blob(renamed, "teams/search/llama-3.yaml");
            assertThat(blob).isEqualTo(blob(first, "teams/search/llama.yaml"));
            assertThat(source.changes(first, renamed)).containsExactlyInAnyOrder(
                    new PathChange(PathChange.Type.DELETED, "teams/search/llama.yaml", null),
                    new PathChange(PathChange.Type.ADDED, "teams/search/llama-3.yaml", blob));
        }
    }

    @Test
    void ignoresAChangeOfTheExecutableBitAlone() throws Exception {
        git(upstream, "update-index", "--chmod=+x", "teams/search/llama.yaml");
        String chmod = commitAll(upstream, "chmod");
        try (GitSource source = open("teams")) {
            assertThat(source.changes(first, chmod)).isEmpty();
            assertThat(source.listFiles(chmod)).extracting(SpecFile::path).contains("teams/search/llama.yaml");
        }
    }

    @Test
    void diffsAcrossSeveralCommitsAndBackwards() throws Exception {
        commitFile(upstream, "platform/base.yaml", "d: 2\n", "one");
        String third = commitFile(upstream, "platform/extra.yaml", "x: 1\n", "two");
        try (GitSource source = open("platform")) {
            assertThat(source.changes(first, third)).extracting(PathChange::type, PathChange::path).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(PathChange.Type.MODIFIED, "platform/base.yaml"),
                    org.assertj.core.groups.Tuple.tuple(PathChange.Type.ADDED, "platform/extra.yaml"));
            assertThat(source.changes(third, first)).extracting(PathChange::type)
                    .containsExactly(PathChange.Type.MODIFIED, PathChange.Type.DELETED);
        }
    }

    @Test
    void unknownBlobsAndCommitsAreGitExceptions() throws Exception {
        try (GitSource source = open()) {
            String unknown = "0123456789012345678901234567890123456789";
            assertThatThrownBy(() -> source.readBlob(unknown)).hasMessage("blob " + unknown + " not found");
            assertThatThrownBy(() -> source.readBlob("nope")).isInstanceOf(GitException.class);
            assertThatThrownBy(() -> source.readBlob(first)).hasMessage("object " + first + " is not a blob");
            assertThatThrownBy(() -> source.listFiles(unknown)).hasMessage("revision '" + unknown + "' not found");
            assertThatThrownBy(() -> source.changes(first, "nope")).hasMessage("revision 'nope' not found");
        }
    }

    @Test
    void handlesTenThousandFiles() throws Exception {
        StringBuilder stream = new StringBuilder(fastImportCommit("bulk", "from refs/heads/main^0\n"));
        for (int i = 0; i < 10_000; i++) {
            stream.append(fastImportFile("bulk/d" + i % 100 + "/m" + i + ".yaml", "i: " + i + "\n"));
        }
        stream.append(fastImportCommit("edit one", "")).append(fastImportFile("bulk/d7/m7.yaml", "i: seven\n"));
        gitWithInput(upstream, stream.toString(), "fast-import", "--quiet");
        String bulk = git(upstream, "rev-parse", "main~1").trim();
        String edit = git(upstream, "rev-parse", "main").trim();
        try (GitSource source = open("bulk", "teams")) {
            assertThat(source.listFiles(bulk)).hasSize(10_002);
            assertThat(source.changes(bulk, edit)).extracting(PathChange::path).containsExactly("bulk/d7/m7.yaml");
        }
    }

    /** {@code from} continues the branch as it is on disk; fast-import's next commit follows on by itself. */
    private static String fastImportCommit(String message, String from) {
        return "commit refs/heads/main\ncommitter " + GitCli.NAME + " <" + GitCli.EMAIL + "> 1700000000 +0000\n"
                + "data " + message.length() + "\n" + message + "\n" + from;
    }

    private static String fastImportFile(String path, String asciiContent) {
        return "M 100644 inline " + path + "\ndata " + asciiContent.length() + "\n" + asciiContent + "\n";
    }

    private String blob(String commit, String path) {
        return git(upstream, "rev-parse", commit + ":" + path).trim();
    }
}
