package io.sextant.spec.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The official YAML test suite as a robustness corpus: whatever a file holds, the loader answers with
 * documents or with located errors, never with an exception and never by hanging.
 */
class YamlTestSuiteCorpusTest {

    /** A copy of the shared fixtures kept in the module, so the build needs nothing outside the repository. */
    private static final Path CORPUS = Path.of("src/test/resources/yaml-test-suite").toAbsolutePath();
    /** Guards against hangs, not a speed target. */
    private static final Duration PER_FILE = Duration.ofSeconds(30);
    /**
     * Invalid inputs SnakeYAML reads as an empty stream (a {@code %YAML} directive with no document after
     * it). Harmless: they yield no documents, exactly like an empty file. Listed so a new leniency shows up.
     */
    private static final Set<String> LENIENT = Set.of("9MMA.yaml", "MUS6-01.yaml");

    @Test
    void corpusIsPresent() throws IOException {
        assertThat(CORPUS).as("YAML test suite fixtures (run the tests from spec/)").isDirectory();
        assertThat(inputs()).as("inputs in " + CORPUS).hasSize(402);
    }

    @TestFactory
    Stream<DynamicTest> everyInputYieldsDocumentsOrLocatedErrors() throws IOException {
        return inputs().stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> {
            byte[] content = Files.readAllBytes(input);
            String file = "corpus/" + input.getFileName();

            LoadResult result = assertTimeoutPreemptively(PER_FILE, () -> Specs.LOADER.load(file, content));

            assertThat(result.file()).isEqualTo(file);
            assertThat(result.ok() ? result.errors() : result.documents()).isEmpty();
            assertThat(result.errors()).allSatisfy(error -> {
                assertThat(error.file()).isEqualTo(file);
                assertThat(error.line()).as(error.toString()).isPositive();
                assertThat(error.message()).isNotBlank();
            });
            if (Files.exists(errorMarker(input)) && !LENIENT.contains(input.getFileName().toString())) {
                assertThat(result.ok()).as("invalid YAML must not load").isFalse();
            }
            if (Files.exists(errorMarker(input))) {
                assertThat(result.documents()).as("invalid YAML never yields documents").isEmpty();
            }
        }));
    }

    private static List<Path> inputs() throws IOException {
        if (!Files.isDirectory(CORPUS)) {
            throw new IllegalStateException("YAML test suite fixtures not found at " + CORPUS
                    + " (run the tests from the spec module directory)");
        }
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Path errorMarker(Path input) {
        String name = input.getFileName().toString();
        return input.resolveSibling(name.substring(0, name.length() - ".yaml".length()) + ".error");
    }
}
