package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.DesiredResource;
import io.sextant.spec.api.LoadResult;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import java.nio.charset.StandardCharsets;

/** Desired resources loaded from YAML by the real spec loader, as the engine hands them to an applier. */
final class KubeSpecs {

    private static final SpecLoader LOADER = new SpecLoader();

    private KubeSpecs() {
    }

    static DesiredResource desired(String yaml) {
        LoadResult result = LOADER.load("models/test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        assertThat(result.errors()).isEmpty();
        SpecDocument document = result.documents().get(0);
        return new DesiredResource(document.resource(), document.manifest(), "rev1");
    }

    /** A vLLM deployment of Llama on one H100 per replica, with {@code scaling} as the replicas/autoscaling line. */
    static DesiredResource llama(String name, String scaling) {
        return desired(llamaYaml(name, scaling));
    }

    static String llamaYaml(String name, String scaling) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search, labels: {tier: prod}}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f, servedName: chat}
                  runtime:
                    engine: vllm
                    image: vllm/vllm-openai:v0.11.0
                    args: {max-model-len: 8192, tensor-parallel-size: 1, enforce-eager: true}
                    env: {VLLM_LOGGING_LEVEL: INFO}
                  resources:
                    gpu: {type: H100-80GB, count: 1}
                  %s
                """.formatted(name, scaling);
    }

    static DesiredResource llama(int replicas) {
        return llama("llama", "replicas: " + replicas);
    }

    static DesiredResource route(String... targetsAndWeights) {
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < targetsAndWeights.length; i += 2) {
            targets.append("    - {deployment: ").append(targetsAndWeights[i]).append(", weight: ")
                    .append(targetsAndWeights[i + 1]).append("}\n");
        }
        return desired("""
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: search}
                spec:
                  modelName: chat
                  targets:
                %s""".formatted(targets));
    }
}
