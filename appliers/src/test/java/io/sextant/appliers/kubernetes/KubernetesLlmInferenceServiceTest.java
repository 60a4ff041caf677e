package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Unsupported;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code llm-inference-service} flavor: a ModelDeployment as a KServe LLMInferenceService, adapters inside it. */
class KubernetesLlmInferenceServiceTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");
    private static final String NAME = "search--llama";

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("flavor", "llm-inference-service"));

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    static DesiredResource adapter(String name, String uri) {
        return KubeSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: %s, namespace: search}
                spec: {deployment: llama, uri: "%s"}
                """.formatted(name, uri));
    }

    @Test
    void makesOneLlmInferenceServiceWithModelReplicasParallelismAndGpus() throws Exception {
        applier.apply(KubeSpecs.llama(2));

        GenericKubernetesResource llm = cluster.get(KubeKind.LLM_INFERENCE_SERVICE, NAME);
        assertThat(llm.getApiVersion()).isEqualTo("serving.kserve.io/v1alpha1");
        assertThat(llm.getMetadata().getManagedFields()).extracting(f -> f.getManager()).contains("sextant");
        Map<String, Object> spec = llm.get("spec");
        assertThat(spec).containsEntry("model", Map.of("uri", "hf://meta-llama/Llama-3.1-8B-Instruct", "name", "chat"))
                .containsEntry("replicas", 2).containsEntry("parallelism", Map.of("tensor", 1));
        Map<String, Object> template = llm.get("spec", "template");
        assertThat(template).containsEntry("nodeSelector", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"))
                .containsEntry("tolerations", List.of(Map.of("key", "nvidia.com/gpu", "operator", "Exists", "effect", "NoSchedule")));
        List<Map<String, Object>> containers = llm.get("spec", "template", "containers");
        assertThat(containers).singleElement().satisfies(c -> assertThat(c).containsEntry("name", "main")
                .containsEntry("image", "vllm/vllm-openai:v0.11.0")
                .containsEntry("resources", Map.of("limits", Map.of("nvidia.com/gpu", "1")))
                .containsEntry("env", List.of(
                        Map.of("name", "VLLM_ADDITIONAL_ARGS", "value", "--enforce-eager --max-model-len=8192"),
                        Map.of("name", "VLLM_LOGGING_LEVEL", "value", "INFO"))));
        assertThat(cluster.get(KubeKind.DEPLOYMENT, NAME)).isNull();
        assertThat(cluster.get(KubeKind.INFERENCE_SERVICE, NAME)).isNull();
    }

    @Test
    void observeRoundTripsASecondApplyWritesNothingAndScalingIsOneApply() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        cluster.dispatcher.clearRequests();

        applier.apply(KubeSpecs.llama(2));
        assertThat(cluster.dispatcher.writes()).isEmpty();
        assertThat(diff(KubeSpecs.llama(2), applier.observe(LLAMA).orElseThrow())).isEmpty();

        ObservedResource scaled = applier.apply(KubeSpecs.llama(3));
        assertThat(cluster.dispatcher.writes()).hasSize(1);
        assertThat((Object) cluster.get(KubeKind.LLM_INFERENCE_SERVICE, NAME).get("spec", "replicas")).isEqualTo(3);
        assertThat(diff(KubeSpecs.llama(3), scaled)).isEmpty();
    }

    @Test
    void anAdapterIsAnEntryOfItsDeploymentsObjectReadBackAsItself() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        DesiredResource sql = adapter("sql-lora", "hf://acme/sql-lora");

        ObservedResource applied = applier.apply(sql);

        assertThat(adapters()).containsExactly(Map.of("uri", "hf://acme/sql-lora", "name", "sql-lora"));
        assertThat(applied.key()).isEqualTo(sql.key());
        assertThat(diff(sql, applied)).isEmpty();
        assertThat(diff(sql, applier.observe(sql.key()).orElseThrow())).isEmpty();
        assertThat(applier.observeAll()).extracting(ObservedResource::key).containsExactly(sql.key(), LLAMA);

        // The deployment's own apply (a scale) keeps the adapter; adding a second one keeps the first.
        applier.apply(KubeSpecs.llama(2));
        applier.apply(adapter("chat-lora", "s3://acme/chat-lora"));
        assertThat(adapters()).containsExactly(Map.of("uri", "s3://acme/chat-lora", "name", "chat-lora"),
                Map.of("uri", "hf://acme/sql-lora", "name", "sql-lora"));
        assertThat(diff(KubeSpecs.llama(2), applier.observe(LLAMA).orElseThrow())).isEmpty();

        applier.delete(sql.key());
        assertThat(adapters()).containsExactly(Map.of("uri", "s3://acme/chat-lora", "name", "chat-lora"));
        assertThat(applier.observe(sql.key())).isEmpty();
    }

    @Test
    void aHandEditIsDriftOfTheResourceItTouches() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        DesiredResource sql = adapter("sql-lora", "hf://acme/sql-lora");
        applier.apply(sql);

        edit(spec -> {
            spec.put("replicas", 5);
            ((Map<String, Object>) spec.get("model")).put("lora", Map.of("adapters",
                    List.of(Map.of("name", "sql-lora", "uri", "hf://mallory/sql-lora"))));
        });

        assertThat(diff(KubeSpecs.llama(2), applier.observe(LLAMA).orElseThrow())).extracting(FieldChange::path)
                .containsExactly("/spec/replicas");
        List<FieldChange> adapterDrift = diff(sql, applier.observe(sql.key()).orElseThrow());
        assertThat(adapterDrift).extracting(FieldChange::path).containsExactly("/spec/uri");
        assertThat(adapterDrift.get(0).from().asString()).isEqualTo("hf://mallory/sql-lora");

        applier.apply(sql);
        assertThat(diff(sql, applier.observe(sql.key()).orElseThrow())).isEmpty();
        edit(spec -> ((Map<String, Object>) spec.get("model")).remove("lora"));
        assertThat(applier.observe(sql.key())).as("taken out by hand").isEmpty();
    }

    @Test
    void healthIsTheReadyConditionWithItsReasonAndTheUrl() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        assertThat(applier.observe(LLAMA).orElseThrow().health()).isEqualTo(Health.PROGRESSING);

        setStatus(Map.of("conditions", List.of(Map.of("type", "Ready", "status", "False",
                "reason", "MainWorkloadError", "message", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu."))));
        ObservedResource failed = applier.observe(LLAMA).orElseThrow();
        assertThat(failed.health()).isEqualTo(Health.DEGRADED);
        assertThat(failed.message()).isEqualTo("Ready=False: MainWorkloadError: 0/3 nodes are available: 3 Insufficient nvidia.com/gpu.");

        setStatus(Map.of("url", "http://inference.example.com/search/llama",
                "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        ObservedResource ready = applier.observe(LLAMA).orElseThrow();
        assertThat(ready.health()).isEqualTo(Health.HEALTHY);
        assertThat(ready.message()).isEqualTo("Ready at http://inference.example.com/search/llama");
    }

    @Test
    void refusesRoutesAutoscalingOtherEnginesAndAnAdapterWithoutItsDeployment() {
        assertThat(applier.check(KubeSpecs.route("llama", "100").resource())).extracting(Unsupported::field)
                .containsExactly("kind");
        assertThat(applier.check(KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 3}").resource()))
                .extracting(Unsupported::field).containsExactly("spec.autoscaling");
        assertThat(applier.check(KubeSpecs.desired(KubeSpecs.llamaYaml("llama", "replicas: 1")
                .replace("engine: vllm", "engine: sglang")).resource())).extracting(Unsupported::field)
                .containsExactly("spec.runtime.engine");
        assertThat(applier.check(adapter("sql-lora", "hf://acme/sql-lora").resource())).isEmpty();
        assertThat(applier.kinds()).contains(LoraAdapter.KIND);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> applier.apply(adapter("sql-lora", "hf://acme/sql-lora")))
                .hasMessageContaining("needs ModelDeployment/search/llama on the cluster first");
    }

    private static List<FieldChange> diff(DesiredResource desired, ObservedResource observed) {
        return DriftDetector.withDefaults().diff("kubernetes", desired.key(), desired.manifest(), observed.manifest());
    }

    private List<Object> adapters() {
        Map<String, Object> lora = cluster.get(KubeKind.LLM_INFERENCE_SERVICE, NAME).get("spec", "model", "lora");
        return lora == null ? List.of() : new ArrayList<>((List<?>) lora.get("adapters"));
    }

    @SuppressWarnings("unchecked")
    private void edit(java.util.function.Consumer<Map<String, Object>> change) {
        cluster.kubectl.genericKubernetesResources(KubeKind.LLM_INFERENCE_SERVICE.context()).inNamespace(CrudCluster.NS)
                .withName(NAME).edit(object -> {
                    change.accept((Map<String, Object>) object.getAdditionalProperties().get("spec"));
                    return object;
                });
    }

    private void setStatus(Map<String, Object> status) {
        cluster.kubectl.genericKubernetesResources(KubeKind.LLM_INFERENCE_SERVICE.context()).inNamespace(CrudCluster.NS)
                .withName(NAME).editStatus(object -> {
                    object.setAdditionalProperty("status", status);
                    return object;
                });
    }
}
