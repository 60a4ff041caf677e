package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;

class SpecLoaderTest {

    private static final String FILE = """
            apiVersion: sextant.io/v1
            kind: ModelDeployment
            metadata:
              name: llama-3-8b-chat
              namespace: search
              labels: {tier: prod}
            spec:
              backend: sim-local
              model:
                uri: hf://meta-llama/Llama-3.1-8B-Instruct
                revision: 0e9e39f
              runtime:
                engine: vllm
                image: vllm/vllm-openai:v0.11.0
                args: {tensor-parallel-size: 2, max-model-len: 8192, enforce-eager: true}
                env: {}
              resources:
                gpu: {type: H100-80GB, count: 2}
              autoscaling: {minReplicas: 1, maxReplicas: 4, targetConcurrency: 32}
              dependsOn: []
            ---
            apiVersion: sextant.io/v1
            kind: LoraAdapter
            metadata: {name: sql-lora, namespace: search}
            spec:
              deployment: llama-3-8b-chat
              uri: hf://acme/sql-lora
              dependsOn: [ModelDeployment/llama-3-8b-chat, ModelDeployment/shared/embedder]
            ---
            # a trailing empty document is ignored
            ---
            apiVersion: sextant.io/v1
            kind: InferenceRoute
            metadata: {name: chat, namespace: search}
            spec:
              modelName: chat
              targets:
                - {deployment: llama-3-8b-chat, weight: 90}
                - {deployment: llama-3-8b-chat-v2, weight: 10}
            """;

    @Test
    void loadsEveryDocumentOfAMultiDocumentFileAsTypedRecords() {
        LoadResult result = load("teams/search/chat.yaml", FILE);

        assertThat(result.errors()).isEmpty();
        assertThat(result.documents()).extracting(d -> d.key().toString()).containsExactly(
                "ModelDeployment/search/llama-3-8b-chat", "LoraAdapter/search/sql-lora", "InferenceRoute/search/chat");
        ModelDeployment deployment = (ModelDeployment) result.documents().get(0).resource();
        assertThat(deployment.metadata().labels()).isEqualTo(Map.of("tier", "prod"));
        assertThat(deployment.spec().model()).isEqualTo(new ModelDeployment.Model(
                "hf://meta-llama/Llama-3.1-8B-Instruct", "0e9e39f", "llama-3-8b-chat"));
        assertThat(deployment.spec().runtime().args()).isEqualTo(
                Map.of("tensor-parallel-size", 2, "max-model-len", 8192, "enforce-eager", true));
        assertThat(deployment.spec().resources().gpu()).isEqualTo(new ModelDeployment.Gpu("H100-80GB", 2));
        assertThat(deployment.spec().replicas()).isNull();
        assertThat(deployment.spec().autoscaling()).isEqualTo(new ModelDeployment.Autoscaling(1, 4, 32));
        LoraAdapter adapter = (LoraAdapter) result.documents().get(1).resource();
        assertThat(Kinds.builtIn().references(adapter)).extracting(r -> r.target().toString()).containsExactly(
                "ModelDeployment/search/llama-3-8b-chat", "ModelDeployment/search/llama-3-8b-chat",
                "ModelDeployment/shared/embedder");
        InferenceRoute route = (InferenceRoute) result.documents().get(2).resource();
        assertThat(route.spec().targets()).containsExactly(
                new InferenceRoute.Target("llama-3-8b-chat", 90), new InferenceRoute.Target("llama-3-8b-chat-v2", 10));
    }

    @Test
    void remembersTheLineOfEveryDocumentAndField() {
        List<SpecDocument> documents = load("chat.yaml", FILE).documents();

        assertThat(documents).extracting(SpecDocument::line).containsExactly(1, 22, 32);
        assertThat(documents.get(0).lineOf("spec.resources.gpu.count")).isEqualTo(18);
        assertThat(documents.get(0).lineOf("spec.runtime.args.tensor-parallel-size")).isEqualTo(15);
        assertThat(documents.get(1).lineOf("spec.dependsOn[1]")).isEqualTo(28);
        assertThat(documents.get(2).lineOf("spec.targets[1].weight")).isEqualTo(39);
        assertThat(documents.get(2).lineOf("spec.targets[1].nothing.here")).isEqualTo(39);
    }

    @Test
    void writesNormalisedManifestsWithDefaultsFilledAndEmptiesLeftOut() {
        List<SpecDocument> documents = load("chat.yaml", FILE).documents();
        ObjectMapper json = new ObjectMapper();

        assertThat(documents.get(0).manifest()).isEqualTo(json.readTree("""
                {"apiVersion": "sextant.io/v1", "kind": "ModelDeployment",
                 "metadata": {"name": "llama-3-8b-chat", "namespace": "search", "labels": {"tier": "prod"}},
                 "spec": {"backend": "sim-local",
                          "model": {"uri": "hf://meta-llama/Llama-3.1-8B-Instruct", "revision": "0e9e39f",
                                    "servedName": "llama-3-8b-chat"},
                          "runtime": {"engine": "vllm", "image": "vllm/vllm-openai:v0.11.0",
                                      "args": {"enforce-eager": true, "max-model-len": 8192, "tensor-parallel-size": 2}},
                          "resources": {"gpu": {"type": "H100-80GB", "count": 2}},
                          "autoscaling": {"minReplicas": 1, "maxReplicas": 4, "targetConcurrency": 32}}}
                """));
        assertThat(documents.get(1).manifest()).isEqualTo(json.readTree("""
                {"apiVersion": "sextant.io/v1", "kind": "LoraAdapter",
                 "metadata": {"name": "sql-lora", "namespace": "search"},
                 "spec": {"deployment": "llama-3-8b-chat", "uri": "hf://acme/sql-lora",
                          "dependsOn": [{"kind": "ModelDeployment", "namespace": "search", "name": "llama-3-8b-chat"},
                                        {"kind": "ModelDeployment", "namespace": "shared", "name": "embedder"}]}}
                """));
        assertThat(documents.get(2).manifest().toString()).isEqualTo(
                "{\"apiVersion\":\"sextant.io/v1\",\"kind\":\"InferenceRoute\",\"metadata\":{\"name\":\"chat\","
                        + "\"namespace\":\"search\"},\"spec\":{\"modelName\":\"chat\",\"targets\":["
                        + "{\"deployment\":\"llama-3-8b-chat\",\"weight\":90},"
                        + "{\"deployment\":\"llama-3-8b-chat-v2\",\"weight\":10}]}}");
    }

    @Test
    void givesEqualManifestsForTwoSpellingsOfTheSameIntent() {
        String explicit = Specs.deployment("a", "default", "sim-local", 1, 1, 1, """
                  dependsOn: [ModelDeployment/default/b]
                """).replace("model: {uri: hf://acme/a}", "model: {uri: hf://acme/a, servedName: a, revision: }");
        String terse = """
                kind: ModelDeployment
                apiVersion: sextant.io/v1
                metadata: {name: a}
                spec:
                  replicas: 1
                  dependsOn: [ModelDeployment/b]
                  resources: {gpu: {count: 1, type: H100-80GB}}
                  runtime: {env: {}, args: {tensor-parallel-size: 1}, engine: vllm}
                  model: {uri: hf://acme/a}
                  backend: sim-local
                """;

        assertThat(load("a.yaml", explicit).documents().get(0).manifest())
                .isEqualTo(load("b.yaml", terse).documents().get(0).manifest());
    }

    static Stream<Arguments> notResources() {
        return Stream.of(
                Arguments.of("just text\n", "f.yaml:1: not a Sextant resource (a document must be a mapping with apiVersion and kind)"),
                Arguments.of("- a\n- b\n", "f.yaml:1: not a Sextant resource (a document must be a mapping with apiVersion and kind)"),
                Arguments.of("name: x\nimage: y\n", "f.yaml:1: not a Sextant resource (no apiVersion or kind)"),
                Arguments.of("apiVersion: v1\nkind: ModelDeployment\n", "f.yaml:1: apiVersion: unsupported apiVersion 'v1' (expected sextant.io/v1)"),
                Arguments.of("apiVersion: sextant.io/v2\nkind: ModelDeployment\n", "f.yaml:1: apiVersion: unsupported apiVersion 'sextant.io/v2' (expected sextant.io/v1)"),
                Arguments.of("kind: ModelDeployment\n", "f.yaml:1: apiVersion: is required (expected sextant.io/v1)"),
                Arguments.of("apiVersion: sextant.io/v1\n", "f.yaml:1: kind: is required (expected ModelDeployment, LoraAdapter, InferenceRoute or SyncWindow)"),
                Arguments.of("apiVersion: sextant.io/v1\nkind: Foo\n", "f.yaml:2: kind: unknown kind 'Foo' (expected ModelDeployment, LoraAdapter, InferenceRoute or SyncWindow)"),
                Arguments.of("a: [1, 2\n", "f.yaml:1: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)"),
                Arguments.of("a: [1, 2", "f.yaml:1: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)"),
                Arguments.of("x: 1\na: [1,\n  2\n\n# the end\n\n", "f.yaml:3: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow sequence)"),
                Arguments.of("x: 1\nb: 'open\n", "f.yaml:2: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
                Arguments.of("a: b\n c: d\n", "f.yaml:2: invalid YAML: mapping values are not allowed here"),
                Arguments.of("a:\n\tb: c\n", "f.yaml:2: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation) (while scanning for the next token)"));
    }

    @ParameterizedTest
    @MethodSource("notResources")
    void refusesDocumentsThatAreNotSextantResourcesWithOneClearError(String yaml, String expected) {
        LoadResult result = load("f.yaml", yaml);

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).containsExactly(expected);
    }

    @Test
    void yieldsNoDocumentsFromAFileWithOneBadDocument() {
        LoadResult result = load("f.yaml", FILE + "---\napiVersion: sextant.io/v1\nkind: Foo\n");

        assertThat(result.ok()).isFalse();
        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).containsExactly(
                "f.yaml:42: kind: unknown kind 'Foo' (expected ModelDeployment, LoraAdapter, InferenceRoute or SyncWindow)");
    }

    @Test
    void namesTheResourceInErrorsWhenTheDocumentNamesOne() {
        LoadResult result = load("f.yaml", Specs.deployment("a", "search", "x", 1, 1, -1, ""));

        assertThat(result.errors()).singleElement().satisfies(error -> {
            assertThat(error.toString()).isEqualTo("f.yaml:16: spec.replicas: must be >= 0");
            assertThat(error.resource()).isEqualTo(new ResourceKey(ModelDeployment.KIND, "search", "a"));
        });
    }

    @ParameterizedTest
    @CsvSource({"'', 0", "'# only a comment', 0", "'---\n---\n', 0", "'---\n# nothing\n...\n', 0"})
    void ignoresEmptyDocuments(String yaml, int count) {
        LoadResult result = load("f.yaml", yaml);

        assertThat(result.ok()).isTrue();
        assertThat(result.documents()).hasSize(count);
    }

    @ParameterizedTest
    @CsvSource({"models/a.yaml, true", "a.yml, true", "A.YAML, true", "a.json, false", "yaml, false", "a.yaml.bak, false"})
    void recognisesSpecFilesByExtension(String path, boolean spec) {
        assertThat(SpecLoader.isSpecFile(path)).isEqualTo(spec);
    }

    @Test
    void aDeploymentInTheDeprecatedV1beta1IsConvertedToV1WithAWarning() {
        LoadResult result = load("old.yaml", """
                apiVersion: sextant.io/v1beta1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct}
                  runtime:
                    engine: vllm
                    engineArgs: {max-model-len: 8192}
                  replicas: 1
                """);

        assertThat(result.errors()).isEmpty();
        SpecDocument document = result.documents().get(0);
        assertThat(((ModelDeployment) document.resource()).spec().runtime().args()).isEqualTo(Map.of("max-model-len", 8192));
        assertThat(document.manifest().path("apiVersion").asString()).isEqualTo("sextant.io/v1");
        assertThat(document.manifest().at("/spec/runtime/args/max-model-len").asInt()).isEqualTo(8192);
        assertThat(result.warnings()).extracting(Object::toString).containsExactly("old.yaml:1: apiVersion: "
                + "sextant.io/v1beta1 is deprecated: use sextant.io/v1 (spec.runtime.engineArgs is now spec.runtime.args)");
    }

    @Test
    void v1NoLongerAcceptsTheV1beta1Spelling() {
        assertThat(load("new.yaml", """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct}
                  runtime: {engine: vllm, engineArgs: {max-model-len: 8192}}
                  replicas: 1
                """).errors()).extracting(Object::toString).singleElement().asString()
                .startsWith("new.yaml:7: spec.runtime.engineArgs: unknown field");
    }
}
