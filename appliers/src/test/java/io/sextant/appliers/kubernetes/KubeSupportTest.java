package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Unsupported;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a kubernetes backend refuses before any plan, and the engine command lines it builds. */
class KubeSupportTest {

    private static ModelDeployment.Spec spec(String yamlSpec) {
        return ((ModelDeployment) KubeSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m, namespace: search}
                spec:
                  backend: prod-k8s
                %s""".formatted(yamlSpec.indent(2))).resource()).spec();
    }

    private static List<Unsupported> check(String yamlSpec) {
        return KubeSupport.check("prod-k8s", KubeSettings.Flavor.DEPLOYMENT, new ModelDeployment(new io.sextant.plugin.Metadata("m", "search", null),
                spec(yamlSpec)));
    }

    @Test
    void loraAdaptersNeedAVllmBackend() {
        var adapter = KubeSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql-lora, namespace: search}
                spec: {deployment: llama, uri: hf://acme/sql-lora}
                """).resource();

        assertThat(KubeSupport.check("prod-k8s", KubeSettings.Flavor.DEPLOYMENT, adapter)).singleElement().satisfies(u -> {
            assertThat(u.field()).isEqualTo("kind");
            assertThat(u.message()).startsWith("backend 'prod-k8s' (kubernetes) cannot hold LoRA adapters: they need a "
                    + "vllm backend pointing at the served deployment");
        });
    }

    @Test
    void rayServeAndMissingImagesAreRefusedWithTheFieldToChange() {
        assertThat(check("model: {uri: hf://a/b}\nruntime: {engine: ray-serve, image: rayproject/ray:2.40.0}"))
                .extracting(Unsupported::field, Unsupported::message).containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "spec.runtime.engine", "engine 'ray-serve' cannot run on backend 'prod-k8s' (kubernetes) "
                                + "(supported: sglang, tgi, triton, vllm); run it on a ray-serve backend"));
        assertThat(check("model: {uri: hf://a/b}\nruntime: {engine: vllm}")).extracting(Unsupported::field)
                .containsExactly("spec.runtime.image");
        assertThat(check("model: {uri: hf://a/b}\nruntime: {engine: triton, image: nvcr.io/nvidia/tritonserver:25.01-py3}"))
                .extracting(Unsupported::field).containsExactly("spec.model.uri");
        assertThat(check("model: {uri: s3://models/llama}\nruntime: {engine: triton, image: nvcr.io/nvidia/tritonserver:25.01-py3}"))
                .isEmpty();
    }

    @Test
    void eachEngineGetsItsOwnCommandLine() {
        EngineCommand sglang = EngineCommand.of(spec("model: {uri: hf://a/b}\nruntime: {engine: sglang, image: i, "
                + "args: {tp-size: 2, enable-torch-compile: false}}"), "a/b");
        assertThat(sglang.command()).containsExactly("python3", "-m", "sglang.launch_server");
        assertThat(sglang.args()).containsExactly("--model-path", "a/b", "--served-model-name", "m", "--host", "0.0.0.0",
                "--port", "8000", "--tp-size", "2");

        EngineCommand triton = EngineCommand.of(spec("model: {uri: s3://bucket/repo}\nruntime: {engine: triton, image: i, "
                + "args: {model-control-mode: explicit, strict-readiness: true}}"), "s3://bucket/repo");
        assertThat(triton.args()).containsExactly("--model-repository=s3://bucket/repo", "--http-port=8000",
                "--model-control-mode=explicit", "--strict-readiness=true");
        assertThat(triton.healthPath()).isEqualTo("/v2/health/ready");

        EngineCommand vllm = EngineCommand.of(spec("model: {uri: hf://a/b}\nruntime: {engine: vllm, image: i, "
                + "args: {port: 9000, gpu-memory-utilization: 0.9}}"), "a/b");
        assertThat(vllm.port()).isEqualTo(9000);
        assertThat(vllm.args()).containsExactly("a/b", "--served-model-name", "m", "--host", "0.0.0.0",
                "--gpu-memory-utilization", "0.9", "--port", "9000");
    }

    @Test
    void aModelOnAVolumeClaimIsMountedReadOnly() {
        ModelSource source = ModelSource.of("pvc://models-pvc/llama/8b");

        assertThat(source.model()).isEqualTo("/models/models-pvc/llama/8b");
        assertThat(source.claim()).contains("models-pvc");
        assertThat(ModelSource.of("hf://meta-llama/Llama-3.1-8B").model()).isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(ModelSource.of("file:///opt/models/llama").model()).isEqualTo("/opt/models/llama");
    }
}
