package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Metadata;
import io.sextant.plugin.Unsupported;
import io.sextant.spec.kinds.ModelDeployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code llm-inference-service} flavor's vLLM args: {@code VLLM_ADDITIONAL_ARGS} as KServe's template reads it
 * (through {@code eval} in bash), and GPUs against tensor × pipeline parallelism.
 */
class LlmArgsTest {

    private static List<Unsupported> check(String yamlSpec) {
        ModelDeployment.Spec spec = ((ModelDeployment) KubeSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: "hf://a/b"}
                  replicas: 1
                %s""".formatted(yamlSpec.indent(2))).resource()).spec();
        return KubeSupport.check("prod-k8s", KubeSettings.Flavor.LLM_INFERENCE_SERVICE,
                new ModelDeployment(new Metadata("m", "search", null), spec));
    }

    /** The words vLLM receives, as bash turns {@code eval "vllm serve $VLLM_ADDITIONAL_ARGS"} into a command line. */
    private static List<String> wordsVllmReceives(String additionalArgs) throws IOException, InterruptedException {
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", "eval \"printf '%s\\\\0' ${VLLM_ADDITIONAL_ARGS}\"");
        bash.environment().put("VLLM_ADDITIONAL_ARGS", additionalArgs);
        Process process = bash.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return Arrays.asList(out.split("\0"));
    }

    @Test
    void valuesWithSpacesQuotesAndShellSyntaxReachVllmAsOneWordEach() throws Exception {
        JsonNode args = JsonMapper.shared().readTree("""
                {"chat-template": "{% for m in messages %}{{ m['content'] }}{% endfor %}",
                 "served-lora-note": "it's $(touch /tmp/pwned); `id`",
                 "override-generation-config": {"temperature": 0.5, "top_p": 0.9},
                 "max-model-len": 8192, "enforce-eager": true, "tensor-parallel-size": 2}
                """);

        String env = LlmWorkloads.extraArgs(args);

        assertThat(wordsVllmReceives(env)).containsExactly(
                "--chat-template={% for m in messages %}{{ m['content'] }}{% endfor %}",
                "--enforce-eager",
                "--max-model-len=8192",
                "--override-generation-config={\"temperature\":0.5,\"top_p\":0.9}",
                "--served-lora-note=it's $(touch /tmp/pwned); `id`");
        assertThat(env).startsWith("--chat-template='{% for m").contains(" --max-model-len=8192 ");
    }

    @Test
    void argNamesAShellWouldRunAreRefusedAtTheirField() {
        assertThat(check("runtime: {engine: vllm, args: {\"x;reboot\": 1, max-model-len: 8192}}"))
                .extracting(Unsupported::field).containsExactly("spec.runtime.args.x;reboot");
    }

    @Test
    void gpusMustBeAMultipleOfTensorTimesPipelineParallelism() {
        assertThat(check("runtime: {engine: vllm, args: {tensor-parallel-size: 2, pipeline-parallel-size: 2}}\n"
                + "resources: {gpu: {type: H100-80GB, count: 2}}"))
                .singleElement().satisfies(u -> {
                    assertThat(u.field()).isEqualTo("spec.resources.gpu.count");
                    assertThat(u.message()).isEqualTo("backend 'prod-k8s' (kubernetes) (flavor llm-inference-service): "
                            + "must be a multiple of tensor-parallel-size × pipeline-parallel-size (4), got 2");
                });
        assertThat(check("runtime: {engine: vllm, args: {tensor-parallel-size: 2, pipeline-parallel-size: 2}}\n"
                + "resources: {gpu: {type: H100-80GB, count: 4}}")).isEmpty();
        assertThat(check("runtime: {engine: vllm, args: {pipeline-parallel-size: 2}}"))
                .extracting(Unsupported::field).containsExactly("spec.resources.gpu.count");
        assertThat(check("runtime: {engine: vllm, args: {pipeline-parallel-size: two}}\n"
                + "resources: {gpu: {type: H100-80GB, count: 2}}"))
                .extracting(Unsupported::field).containsExactly("spec.runtime.args.pipeline-parallel-size");
    }
}
