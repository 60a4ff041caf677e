package io.sextant.spec.api;

import io.sextant.spec.kinds.ModelDeployment;

import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Anyone who can open a pull request writes the YAML: it may be hostile, and must cost little and construct nothing. */
class SafeLoadingTest {

    /** Guards against hangs, not a speed target: generous so a loaded CI machine never trips it. */
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    /** Set if YAML ever manages to instantiate it. */
    static volatile boolean canaryConstructed;

    /** A class a {@code !!} tag would instantiate if the loader constructed tagged objects. */
    public static final class Canary {
        public Canary() {
            canaryConstructed = true;
        }
    }

    @Test
    void refusesTheBillionLaughsAliasBombQuickly() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            char previous = (char) (level - 1);
            yaml.append(level).append(": &").append(level).append(" [")
                    .append(("*" + previous + ", ").repeat(8)).append('*').append(previous).append("]\n");
        }

        LoadResult result = assertTimeoutPreemptively(QUICKLY, () -> load("bomb.yaml", yaml.toString()));

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).singleElement().asString()
                .startsWith("bomb.yaml:7: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=50");
    }

    @Test
    void refusesAnAliasGraphThatExpandsExponentiallyWithinTheAliasLimit() {
        // 24 levels of two aliases each: 48 aliases, but 2^24 values once expanded.
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, x]\n");
        for (int level = 1; level <= 24; level++) {
            yaml.append("l").append(level).append(": &l").append(level)
                    .append(" [*l").append(level - 1).append(", *l").append(level - 1).append("]\n");
        }

        LoadResult result = assertTimeoutPreemptively(QUICKLY, () -> load("bomb.yaml", yaml.toString()));

        assertThat(result.documents()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).isEqualTo("document has more than 100000 values after expanding aliases");
            assertThat(error.line()).isPositive();
        });
    }

    @Test
    void refusesARecursiveAlias() {
        assertThat(messages(load("loop.yaml", "a: &a [x, *a]\n").errors()))
                .containsExactly("loop.yaml:1: a[1]: recursive alias: a value cannot contain itself");
    }

    @Test
    void refusesDeepNestingWithItsLine() {
        String yaml = "a:\n  b: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";

        LoadResult result = assertTimeoutPreemptively(QUICKLY, () -> load("deep.yaml", yaml));

        assertThat(messages(result.errors())).singleElement().asString()
                .startsWith("deep.yaml:2: invalid YAML: Nesting Depth exceeded max 50");
    }

    @Test
    void refusesAHugeDocumentWithoutReadingItAll() {
        String yaml = "apiVersion: sextant.io/v1\nkind: ModelDeployment\nfiller: |\n" + "  0123456789abcdef\n".repeat(100_000);

        LoadResult result = assertTimeoutPreemptively(QUICKLY, () -> load("huge.yaml", yaml));

        assertThat(result.documents()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).isEqualTo("invalid YAML: The incoming YAML document exceeds the limit: 1048576 code points.");
            assertThat(error.line()).isGreaterThan(50_000);
        });
    }

    @Test
    void neverConstructsObjectsFromGlobalTags() {
        String yaml = """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: x}
                spec: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ["http://localhost:1/"]]]]
                """;
        String canary = "x: !!io.sextant.spec.api.SafeLoadingTest$Canary {}\n";

        assertThat(messages(load("rce.yaml", yaml).errors())).containsExactly(
                "rce.yaml:4: tag '!!javax.script.ScriptEngineManager' is not allowed: specs hold plain strings, numbers, booleans, lists and mappings");
        assertThat(load("canary.yaml", canary).ok()).isFalse();
        assertThat(canaryConstructed).isFalse();
    }

    @Test
    void refusesLocalTagsAndYamlOnlyTypes() {
        String yaml = "apiVersion: sextant.io/v1\nkind: !Deployment ModelDeployment\nx: !!binary aGk=\ny: !!set {a, b}\n";

        assertThat(messages(load("tags.yaml", yaml).errors())).containsExactly(
                "tags.yaml:1: metadata: is required",
                "tags.yaml:1: spec: is required",
                "tags.yaml:2: kind: tag '!Deployment' is not allowed: specs hold plain strings, numbers, booleans, lists and mappings",
                "tags.yaml:3: x: tag '!!binary' is not allowed: specs hold plain strings, numbers, booleans, lists and mappings",
                "tags.yaml:4: y: tag '!!set' is not allowed: specs hold plain strings, numbers, booleans, lists and mappings");
    }

    @Test
    void refusesDuplicateKeysNamingBothLines() {
        String yaml = Specs.deployment("a", "search", "sim-local", 1, 1, 2, "  replicas: 3\n");

        assertThat(messages(load("dup.yaml", yaml).errors()))
                .containsExactly("dup.yaml:17: spec.replicas: duplicate key (first defined on line 16)");
    }

    @Test
    void acceptsAnchorsAndMergeKeysForSharedSettings() {
        String yaml = Specs.deployment("a", "search", "sim-local", 1, 1, 2, "")
                .replace("    engine: vllm\n", "    <<: &engine {engine: vllm, image: vllm/vllm-openai:v0.11.0}\n    image: mine\n");

        LoadResult result = load("anchors.yaml", yaml);

        assertThat(result.errors()).isEmpty();
        ModelDeployment deployment = (ModelDeployment) result.documents().get(0).resource();
        assertThat(deployment.spec().runtime().engine()).isEqualTo("vllm");
        assertThat(deployment.spec().runtime().image()).isEqualTo("mine");
    }

    @Test
    void readsUtf16WithAByteOrderMark() {
        byte[] utf16 = Specs.deployment("a", "sim-local").getBytes(StandardCharsets.UTF_16);

        assertThat(Specs.LOADER.load("utf16.yaml", utf16).documents()).hasSize(1);
    }
}
