package io.sextant.spec.api;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.InferenceRoute;

import io.sextant.plugin.Kind;
import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Schema violations read as the field to fix, its line, and what to write instead. */
class SchemaErrorsTest {

    private static final String VALID = Specs.deployment("llama", "search", "sim-local", 1, 1, 2, "");

    /** The valid deployment with one line changed, so every line number below is that of {@link Specs#deployment}. */
    private static String with(String line, String replacement) {
        assertThat(VALID).contains(line);
        return VALID.replace(line, replacement);
    }

    private static Arguments expect(String yaml, String... messages) {
        return Arguments.of(yaml, messages);
    }

    static Stream<Arguments> deploymentErrors() {
        return Stream.of(
                expect(with("  name: llama", "  name: Llama_3"),
                        "m.yaml:4: metadata.name: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit"),
                expect(with("  name: llama", "  name: " + "a".repeat(64)),
                        "m.yaml:4: metadata.name: must be at most 63 characters long"),
                expect(with("  name: llama", "  nmae: llama"),
                        "m.yaml:3: metadata.name: is required",
                        "m.yaml:4: metadata.nmae: unknown field (did you mean 'name'?)"),
                expect(with("  namespace: search", "  namespace: Search"),
                        "m.yaml:5: metadata.namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit"),
                expect(with("  namespace: search", "  labels: {tier: 1}"),
                        "m.yaml:5: metadata.labels.tier: must be a string, not an integer"),
                expect(with("  backend: sim-local", "  backend: \"\""),
                        "m.yaml:7: spec.backend: must not be empty"),
                expect(with("  backend: sim-local", "  backnd: sim-local"),
                        "m.yaml:6: spec.backend: is required",
                        "m.yaml:7: spec.backnd: unknown field (did you mean 'backend'?)"),
                expect(with("  model: {uri: hf://acme/llama}", "  model: {uri: http://example.com/llama}"),
                        "m.yaml:8: spec.model.uri: must be a model URI starting with hf://, s3://, gs://, pvc:// or file://"),
                expect(with("  model: {uri: hf://acme/llama}", "  model: {uri: hf://acme/llama, served-name: x}"),
                        "m.yaml:8: spec.model.served-name: unknown field (did you mean 'servedName'?)"),
                expect(with("    engine: vllm", "    engine: vLLM"),
                        "m.yaml:10: spec.runtime.engine: must be one of vllm, sglang, tgi, triton, ray-serve (got 'vLLM')"),
                expect(with("    args: {tensor-parallel-size: 1}", "    args: {tensor-parallel-size: [1]}"),
                        "m.yaml:11: spec.runtime.args.tensor-parallel-size: must be a string, a number or a boolean, not a list"),
                expect(with("    args: {tensor-parallel-size: 1}", "    env: {CUDA_VISIBLE_DEVICES: 0}"),
                        "m.yaml:11: spec.runtime.env.CUDA_VISIBLE_DEVICES: must be a string, not an integer"),
                expect(with("      count: 1", "      count: two"),
                        "m.yaml:15: spec.resources.gpu.count: must be an integer, not a string"),
                expect(with("      count: 1", "      count: 0"),
                        "m.yaml:15: spec.resources.gpu.count: must be >= 1"),
                expect(with("      type: H100-80GB", "      kind: H100-80GB"),
                        "m.yaml:13: spec.resources.gpu.type: is required",
                        "m.yaml:14: spec.resources.gpu.kind: unknown field (expected one of type, count)"),
                expect(with("  replicas: 2", "  replica: 2"),
                        "m.yaml:16: spec.replica: unknown field (did you mean 'replicas'?)"),
                expect(with("  replicas: 2", "  replicas: 2.5"),
                        "m.yaml:16: spec.replicas: must be an integer, not a number"),
                expect(with("  replicas: 2", "  autoscaling: {minReplicas: 1}"),
                        "m.yaml:16: spec.autoscaling.maxReplicas: is required"),
                expect(with("  replicas: 2", "  dependsOn: [llama-base]"),
                        "m.yaml:16: spec.dependsOn[0]: must be Kind/namespace/name or Kind/name, such as ModelDeployment/search/llama"),
                expect(with("  replicas: 2", "  dependsOn: ModelDeployment/base"),
                        "m.yaml:16: spec.dependsOn: must be a list, not a string"),
                expect(with("spec:\n", "spec: []\nstatus:\n"),
                        "m.yaml:6: spec: must be a mapping, not a list",
                        "m.yaml:7: status: unknown field (expected one of apiVersion, kind, metadata, spec)"),
                expect(VALID.replace("kind: ModelDeployment\n", "kind: ModelDeployment\nmetadata: {name: dup}\n"),
                        "m.yaml:4: metadata: duplicate key (first defined on line 3)"));
    }

    @ParameterizedTest
    @MethodSource("deploymentErrors")
    void reportsModelDeploymentSchemaViolationsAtTheirField(String yaml, String[] expected) {
        assertThat(messages(load("m.yaml", yaml).errors())).containsExactly(expected);
    }

    static Stream<Arguments> adapterAndRouteErrors() {
        return Stream.of(
                Arguments.of("""
                        apiVersion: sextant.io/v1
                        kind: LoraAdapter
                        metadata: {name: sql}
                        spec:
                          deployment: Llama
                          uri: ftp://x
                        """,
                        new String[] {"r.yaml:5: spec.deployment: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit",
                                "r.yaml:6: spec.uri: must be a model URI starting with hf://, s3://, gs://, pvc:// or file://"}),
                Arguments.of("""
                        apiVersion: sextant.io/v1
                        kind: InferenceRoute
                        metadata: {name: chat}
                        spec:
                          modelName: chat
                          targets: []
                        """,
                        new String[] {"r.yaml:6: spec.targets: must have at least 1 item"}),
                Arguments.of("""
                        apiVersion: sextant.io/v1
                        kind: InferenceRoute
                        metadata: {name: chat}
                        spec:
                          targets:
                            - {deployment: a, weight: 101}
                            - {deployment: b}
                        """,
                        new String[] {"r.yaml:4: spec.modelName: is required",
                                "r.yaml:6: spec.targets[0].weight: must be <= 100",
                                "r.yaml:7: spec.targets[1].weight: is required"}));
    }

    @ParameterizedTest
    @MethodSource("adapterAndRouteErrors")
    void reportsAdapterAndRouteSchemaViolationsAtTheirField(String yaml, String[] expected) {
        assertThat(messages(load("r.yaml", yaml).errors())).containsExactly(expected);
    }
}
