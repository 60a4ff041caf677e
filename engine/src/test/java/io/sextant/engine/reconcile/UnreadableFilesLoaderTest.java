package io.sextant.engine.reconcile;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.GitSources;
import io.sextant.git.testing.GitCli;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that cannot be read is an error at its path; every other file of the commit loads, nothing is dropped. */
class UnreadableFilesLoaderTest {

    static final long LIMIT = 2048;
    static final ResourceKey A = new ResourceKey(ModelDeployment.KIND, "team", "a");
    static final ResourceKey B = new ResourceKey(ModelDeployment.KIND, "team", "b");

    @TempDir
    Path root;

    GitSource open(Path work, String name, long maxFileBytes) {
        return GitSources.open(new GitSourceSpec(name, work.toString(), "main", List.of("deploy/"), null,
                root.resolve(name), maxFileBytes));
    }

    /** A valid spec padded with a comment to {@code size} bytes. */
    static void writeSpec(Path work, String path, String name, long size) {
        GitCli.writeLargeFile(work, path, DesiredStateLoaderTest.deployment(name, 1), "# padding padding padding\n", size);
    }

    static List<String> errors(DesiredState state) {
        return state.fileErrors().stream().map(SpecError::toString).toList();
    }

    @Test
    void firstLoadReadsTheGoodFilesBesideATooLargeABinaryAndANonUtf8One() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        writeSpec(work, "deploy/a.yaml", "a", 500);
        writeSpec(work, "deploy/b.yaml", "b", LIMIT + 1);
        Files.write(work.resolve("deploy/logo.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0});
        Files.write(work.resolve("deploy/latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        GitCli.commitAll(work, "a good spec and three unreadable files");

        try (GitSource git = open(work, "fleet", LIMIT)) {
            DesiredState state = new DesiredStateLoader().loadFull(git, git.fetch());

            assertThat(state.byKey()).containsOnlyKeys(A);
            assertThat(errors(state)).containsExactlyInAnyOrder(
                    "deploy/b.yaml: file is 2.0 KiB (2049 bytes), over the max-file-size of 2 KiB: not read",
                    "deploy/logo.yaml: binary file (a NUL byte at offset 8): specs are YAML text, UTF-8 or UTF-16/32 with a byte order mark",
                    "deploy/latin1.yaml:1: not UTF-8 text: invalid byte 0xE9 at column 4 (byte offset 3) (UTF-16 and UTF-32 need a byte order mark)");
        }
    }

    @Test
    void aFileThatGrowsTooLargeKeepsItsLastGoodDocumentsUntilItIsFixed() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        writeSpec(work, "deploy/a.yaml", "a", 500);
        writeSpec(work, "deploy/b.yaml", "b", 500);
        GitCli.commitAll(work, "two specs");
        DesiredStateLoader loader = new DesiredStateLoader();

        try (GitSource git = open(work, "fleet", LIMIT)) {
            DesiredState first = loader.loadFull(git, git.fetch());
            writeSpec(work, "deploy/b.yaml", "b", 10 * LIMIT);
            GitCli.commitAll(work, "b grows");
            DesiredState grown = loader.loadIncremental(git, first, git.fetch());

            assertThat(grown.byKey()).as("b's last good spec stays desired, so nothing is deleted").containsOnlyKeys(A, B);
            assertThat(grown.byKey().get(B)).isEqualTo(first.byKey().get(B));
            assertThat(errors(grown)).containsExactly(
                    "deploy/b.yaml: file is 20 KiB, over the max-file-size of 2 KiB: not read");

            writeSpec(work, "deploy/b.yaml", "b", 600);
            GitCli.commitAll(work, "b shrinks");
            DesiredState fixed = loader.loadIncremental(git, grown, git.fetch());

            assertThat(fixed.byKey()).containsOnlyKeys(A, B);
            assertThat(fixed.fileErrors()).isEmpty();
        }
    }

    @Test
    void eachSourcesOwnLimitDecidesEvenWhenSourcesShareTheParsedFileCache() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        writeSpec(work, "deploy/a.yaml", "a", 3000);
        GitCli.commitAll(work, "a 3000-byte spec");
        DesiredStateLoader shared = new DesiredStateLoader();

        try (GitSource roomy = open(work, "roomy", 3000); GitSource strict = open(work, "strict", 2999)) {
            DesiredState loaded = shared.loadFull(roomy, roomy.fetch());
            DesiredState refused = shared.loadFull(strict, strict.fetch());

            assertThat(loaded.byKey()).containsOnlyKeys(A);
            assertThat(loaded.fileErrors()).isEmpty();
            assertThat(refused.byKey()).isEmpty();
            assertThat(errors(refused)).containsExactly(
                    "deploy/a.yaml: file is 2.9 KiB (3000 bytes), over the max-file-size of 2.9 KiB (2999 bytes): not read");
        }
    }
}
