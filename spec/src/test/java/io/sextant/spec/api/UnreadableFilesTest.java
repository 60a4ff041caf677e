package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import io.sextant.spec.kinds.ModelDeployment;

import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A file that is not text, or is too large to read, is one clear error at its path and yields nothing. */
class UnreadableFilesTest {

    static byte[] bytes(String before, int[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void binaryFileIsAnErrorNamingTheFileAndTheNulByte() {
        byte[] png = bytes("", new int[] {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D}, "IHDR");

        LoadResult result = Specs.LOADER.load("teams/logo.yaml", png);

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).containsExactly(
                "teams/logo.yaml: binary file (a NUL byte at offset 8): specs are YAML text, UTF-8 or UTF-16/32 with a byte order mark");
    }

    @Test
    void nulByteAfterTheFirst8000BytesIsNotBinaryAsForGitButStillInvalidYamlAtItsLine() {
        String comment = "#" + "x".repeat(98) + "\n";
        byte[] content = bytes(comment.repeat(81), new int[] {'a', ':', ' ', 0}, "\n");

        assertThat(messages(Specs.LOADER.load("late.yaml", content).errors()))
                .containsExactly("late.yaml:82: invalid YAML: special characters are not allowed (U+0000 at column 4)");
    }

    @Test
    void invalidUtf8IsAnErrorAtItsLineColumnAndOffset() {
        byte[] latin1 = bytes("apiVersion: sextant.io/v1\nkind: ModelDeployment\nmetadata: {name: caf", new int[] {0xE9}, "}\n");

        LoadResult result = Specs.LOADER.load("teams/cafe.yaml", latin1);

        assertThat(result.documents()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.file()).isEqualTo("teams/cafe.yaml");
            assertThat(error.line()).isEqualTo(3);
            assertThat(error.toString()).isEqualTo("teams/cafe.yaml:3: not UTF-8 text: invalid byte 0xE9 at column 21"
                    + " (byte offset 68) (UTF-16 and UTF-32 need a byte order mark)");
        });
    }

    @Test
    void truncatedUtf8SequenceAtTheEndIsNamedWithAllItsBytes() {
        byte[] cut = bytes("a: \"caf\u00e9 \u20ac", new int[] {0xF0, 0x9F, 0x98}, "");

        assertThat(messages(Specs.LOADER.load("cut.yaml", cut).errors())).containsExactly(
                "cut.yaml:1: not UTF-8 text: invalid bytes 0xF0 0x9F 0x98 at column 11 (byte offset 13)"
                        + " (UTF-16 and UTF-32 need a byte order mark)");
    }

    @Test
    void readsUtf8Utf16AndUtf32WithAByteOrderMark() {
        String yaml = Specs.deployment("a", "sim-local");

        for (String charset : new String[] {"UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"}) {
            byte[] content = ("\uFEFF" + yaml).getBytes(Charset.forName(charset));
            assertThat(Specs.LOADER.load("bom.yaml", content).documents()).as(charset).hasSize(1);
        }
    }

    @Test
    void invalidUtf16IsNamedAsSuch() {
        byte[] content = bytes("", new int[] {0xFE, 0xFF, 0, 'a', 0, ':', 0, ' ', 0xD8, 0x00, 0, 'x'}, "");

        assertThat(messages(Specs.LOADER.load("u16.yaml", content).errors()))
                .containsExactly("u16.yaml:1: not UTF-16 text: invalid bytes 0xD8 0x00 0x00 0x78 at column 4 (byte offset 8)");
    }

    @Test
    void fileOverTheSizeLimitIsOneErrorSayingBothSizes() {
        LoadResult result = SpecLoader.tooLarge("teams/huge.yaml", 30L * 1024 * 1024, 4L * 1024 * 1024);

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors()))
                .containsExactly("teams/huge.yaml: file is 30 MiB, over the max-file-size of 4 MiB: not read");
        assertThat(messages(SpecLoader.tooLarge("a.yaml", 5_000_000, 4_194_304).errors()))
                .containsExactly("a.yaml: file is 4.8 MiB (5000000 bytes), over the max-file-size of 4 MiB: not read");
        assertThat(messages(SpecLoader.tooLarge("b.yaml", 1500, 1000).errors()))
                .containsExactly("b.yaml: file is 1.5 KiB (1500 bytes), over the max-file-size of 1000 bytes: not read");
    }
}
