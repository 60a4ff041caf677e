package io.sextant.appliers.rayserve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.FieldChange;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** vLLM through Ray Serve LLM on a ray-serve backend, and the specs a ray-serve backend refuses. */
class RayServeLlmTest {

    static final String PATH = RayServeApplierTest.PATH;
    static final RayServeFake RAY = new RayServeFake();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(RAY)).build();

    Applier ray;

    @BeforeEach
    void setUp() {
        RAY.reset();
        wm.stubFor(get(PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        wm.stubFor(put(PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        ray = new RayServeApplierFactory().create(TestSpecs.backend("ray-prod", "ray-serve", wm.baseUrl(), null));
    }

    static DesiredResource llama(String extra) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: ray-prod
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct", servedName: llama-3-8b}
                  runtime: {engine: vllm, args: {max-model-len: 8192%s}}
                  resources: {gpu: {type: H100-80GB, count: 2}}
                  autoscaling: {minReplicas: 1, maxReplicas: 4, targetConcurrency: 32}
                """.formatted(extra));
    }

    @Test
    void vllmRunsAsARayServeLlmAppWithEngineKwargsAndAutoscaling() throws BackendException {
        ObservedResource observed = ray.apply(llama(""));

        JsonNode app = JsonMapper.shared().readTree(wm.findAll(putRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString())
                .at("/applications/0");
        assertThat(app.path("import_path").asString()).isEqualTo("ray.serve.llm:build_openai_app");
        JsonNode llm = app.at("/args/llm_configs/0");
        assertThat(llm.at("/model_loading_config/model_id").asString()).isEqualTo("llama-3-8b");
        assertThat(llm.at("/model_loading_config/model_source").asString()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(llm.at("/engine_kwargs/max_model_len").asInt()).isEqualTo(8192);
        assertThat(llm.at("/engine_kwargs/tensor_parallel_size").asInt()).isEqualTo(2);
        assertThat(llm.at("/deployment_config/autoscaling_config/min_replicas").asInt()).isEqualTo(1);
        assertThat(llm.at("/deployment_config/autoscaling_config/max_replicas").asInt()).isEqualTo(4);
        assertThat(llm.at("/deployment_config/autoscaling_config/target_ongoing_requests").asInt()).isEqualTo(32);
        assertThat(TestSpecs.diff("ray-serve", llama(""), observed)).isEmpty();

        ray.apply(llama(""));
        wm.verify(1, putRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aLiveEngineKwargChangeIsDriftOfThatArgOnly() throws BackendException {
        ray.apply(llama(""));
        ((ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0/engine_kwargs")).put("max_model_len", 4096);

        List<FieldChange> diff = TestSpecs.diff("ray-serve", llama(""), ray.observe(llama("").key()).orElseThrow());

        assertThat(diff).extracting(FieldChange::path).containsExactly("/spec/runtime/args/max-model-len");
        assertThat(diff.get(0).from().asInt()).isEqualTo(4096);
    }

    @Test
    void refusesAdaptersRoutesOtherEnginesAndIncompleteApplications() {
        assertThat(ray.check(TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: search}
                spec: {deployment: llama, uri: "hf://acme/sql-lora"}
                """).resource())).extracting(Unsupported::field).containsExactly("kind");
        assertThat(ray.check(TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: search}
                spec: {modelName: chat, targets: [{deployment: llama, weight: 100}]}
                """).resource())).extracting(Unsupported::field).containsExactly("kind");
        assertThat(ray.check(spec("engine: triton")).get(0).message())
                .isEqualTo("backend 'ray-prod' (ray-serve) serves only engines 'ray-serve' and 'vllm' (through Ray "
                        + "Serve LLM), not 'triton'");
        assertThat(ray.check(spec("engine: ray-serve"))).extracting(Unsupported::field)
                .containsExactly("spec.runtime.args.import-path");
        assertThat(ray.check(spec("engine: ray-serve\n    args: {import-path: 'a:app'}")))
                .extracting(Unsupported::field).containsExactly("spec.runtime.args.deployment");
        assertThat(ray.check(llama(", tensor-parallel-size: 1").resource())).extracting(Unsupported::field)
                .containsExactly("spec.resources.gpu.count");
        assertThat(ray.check(llama("").resource())).isEmpty();
    }

    @Test
    void theGpuTypeReachesRayAsItsAcceleratorType() throws BackendException {
        ray.apply(llama(""));
        ray.apply(onGpu("A100-40GB"));

        JsonNode llama = putBody(0).at("/applications/0/args/llm_configs/0");
        assertThat(llama.path("accelerator_type").asString()).isEqualTo("H100");
        JsonNode a100 = putBody(1).at("/applications/1/args/llm_configs/0");
        assertThat(a100.at("/model_loading_config/model_id").asString()).isEqualTo("m");
        assertThat(a100.path("accelerator_type").asString()).isEqualTo("A100-40G");
        assertThat(TestSpecs.diff("ray-serve", onGpu("A100-40GB"), ray.observe(onGpu("A100-40GB").key()).orElseThrow()))
                .isEmpty();
    }

    @Test
    void aGpuTypeRayHasNoNameForIsRefusedAtTheGpuTypeNamingTheBackend() {
        List<Unsupported> problems = ray.check(onGpu("RTX-4090-24GB").resource());

        assertThat(problems).extracting(Unsupported::field).containsExactly("spec.resources.gpu.type");
        assertThat(problems.get(0).message())
                .startsWith("backend 'ray-prod' (ray-serve) has no Ray accelerator_type for GPU type 'RTX-4090-24GB'")
                .contains("A100-80GB", "H100-80GB", "L4-24GB");
        assertThat(ray.check(onGpu("L4-24GB").resource())).isEmpty();
        assertThat(ray.check(onGpu("H100").resource())).as("Ray's own name").isEmpty();
    }

    @Test
    void aHandEditedAcceleratorTypeIsDriftOfTheGpuType() throws BackendException {
        ray.apply(llama(""));
        ((ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0")).put("accelerator_type", "L4");

        List<FieldChange> diff = TestSpecs.diff("ray-serve", llama(""), ray.observe(llama("").key()).orElseThrow());

        assertThat(diff).extracting(FieldChange::path).containsExactly("/spec/resources/gpu/type");
        assertThat(diff.get(0).from().asString()).isEqualTo("L4-24GB");

        ((ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0")).remove("accelerator_type");
        assertThat(TestSpecs.diff("ray-serve", llama(""), ray.observe(llama("").key()).orElseThrow()))
                .as("removed by hand: any GPU would do").extracting(FieldChange::path)
                .containsExactly("/spec/resources/gpu/type");
    }

    private JsonNode putBody(int index) {
        return JsonMapper.shared().readTree(wm.findAll(putRequestedFor(urlEqualTo(PATH))).get(index).getBodyAsString());
    }

    private static DesiredResource onGpu(String type) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m, namespace: search}
                spec:
                  backend: ray-prod
                  model: {uri: "hf://acme/m"}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: %s, count: 1}}
                  replicas: 1
                """.formatted(type));
    }

    private static io.sextant.plugin.Resource spec(String runtime) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m, namespace: search}
                spec:
                  backend: ray-prod
                  model: {uri: "hf://acme/m"}
                  runtime:
                    %s
                  replicas: 1
                """.formatted(runtime)).resource();
    }
}
