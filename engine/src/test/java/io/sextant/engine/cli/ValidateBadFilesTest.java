package io.sextant.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate} reports files it cannot read as the engine does, and still checks every other file. */
class ValidateBadFilesTest {

    static final String OFFLINE = " (backend, policy and quota checks skipped: no --config)";

    @TempDir
    Path tmp;
    Path checkout;

    @BeforeEach
    void copyTheSampleTeams() throws IOException {
        checkout = tmp.resolve("checkout");
        ValidateCommandTest.copy(ValidateCommandTest.SAMPLE.resolve("teams"), checkout.resolve("teams"));
    }

    @Test
    void tooLargeBinaryAndNonUtf8FilesAreErrorsAndTheGoodFilesAreStillChecked() throws IOException {
        GitCli.writeLargeFile(checkout, "teams/search/huge.yaml", "# generated\n", "filler: 0123456789abcdef\n",
                30L * 1024 * 1024);
        Files.write(checkout.resolve("teams/search/logo.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0x0D});
        Files.write(checkout.resolve("teams/ranking/latin1.yaml"), new byte[] {'#', ' ', 'x', '\n', 'a', ':', ' ', (byte) 0xE9, '\n'});
        Path count = checkout.resolve("teams/research/llama-3-70b.yaml");
        Files.writeString(count, Files.readString(count).replace("count: 4}", "count: 3}"));

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "teams/ranking/latin1.yaml:2: not UTF-8 text: invalid byte 0xE9 at column 4 (byte offset 7)"
                        + " (UTF-16 and UTF-32 need a byte order mark)",
                "teams/research/llama-3-70b.yaml:17: spec.resources.gpu.count: must be a multiple of tensor-parallel-size (4)",
                "teams/search/huge.yaml: file is 30 MiB, over the max-file-size of 4 MiB: not read",
                "teams/search/logo.yaml: binary file (a NUL byte at offset 4): specs are YAML text, UTF-8 or UTF-16/32"
                        + " with a byte order mark");
        assertThat(run.err()).isEqualTo("sextant validate: 4 errors in 4 files (10 files, 7 resources checked)" + OFFLINE + "\n");
    }

    @Test
    void aLiteralCredentialIsAnErrorAtItsLineThatNeverPrintsTheValue() throws IOException {
        String token = "AKIA" + "Q3EXAMPLE7KEY2ZZ";
        Path bge = checkout.resolve("teams/embeddings/bge-large-en.yaml");
        Files.writeString(bge, Files.readString(bge).replace("    args: {task: embed, max-model-len: 512}",
                "    args: {task: embed, max-model-len: 512}\n    env: {AWS_ACCESS_KEY_ID: " + token + "}"));

        CliRun run = CliRun.of("validate", checkout.toString());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly("teams/embeddings/bge-large-en.yaml:16: spec.runtime.env.AWS_ACCESS_KEY_ID:"
                + " looks like a literal AWS access key id (AKIA…(redacted)): credentials must not be in Git; name it with a"
                + " secretRef {name, key} instead");
        assertThat(run.out() + run.err()).doesNotContain(token);
    }

    @Test
    void theConfigFilesMaxFileSizeDecidesWhichFilesAreTooLarge() throws IOException {
        // llama-3-70b.yaml is 565 bytes, every other sample file is smaller.
        CliRun strict = CliRun.of("validate", "--config", config("560B"), checkout.toString());
        CliRun roomy = CliRun.of("validate", "--config", config("1KB"), checkout.toString());

        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.out().lines()).containsExactly(
                "teams/research/llama-3-70b.yaml: file is 565 bytes, over the max-file-size of 560 bytes: not read");
        assertThat(roomy.code()).isZero();
        assertThat(roomy.err()).isEqualTo("sextant validate: 7 files, 7 resources: valid\n");
    }

    private String config(String maxFileSize) throws IOException {
        return Files.writeString(tmp.resolve("application-" + maxFileSize + ".yaml"), """
                sextant:
                  sources:
                    - {name: big, url: https://git.example.com/big.git, max-file-size: 100MB}
                    - name: fleet
                      url: https://git.example.com/fleet.git
                      max-file-size: %s
                """.formatted(maxFileSize)).toString();
    }
}
