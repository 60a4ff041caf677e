package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code kserve} flavor: a ModelDeployment as a KServe InferenceService. */
class KubernetesKServeTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("flavor", "kserve"));

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void makesAnInferenceServiceWithACustomPredictorInsteadOfADeployment() throws Exception {
        applier.apply(KubeSpecs.llama(2));

        GenericKubernetesResource isvc = cluster.get(KubeKind.INFERENCE_SERVICE, "search--llama");
        assertThat(isvc.getApiVersion()).isEqualTo("serving.kserve.io/v1beta1");
        assertThat(isvc.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sextant");
        Map<String, Object> predictor = isvc.get("spec", "predictor");
        assertThat(predictor).containsEntry("minReplicas", 2).containsEntry("maxReplicas", 2)
                .containsEntry("nodeSelector", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
        List<Map<String, Object>> containers = isvc.get("spec", "predictor", "containers");
        assertThat(containers).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("name", "kserve-container").containsEntry("command", List.of("vllm", "serve"))
                    .containsEntry("resources", Map.of("limits", Map.of("nvidia.com/gpu", "1")));
        });
        assertThat(cluster.get(KubeKind.DEPLOYMENT, "search--llama")).isNull();
        assertThat(cluster.get(KubeKind.SERVICE, "search--llama")).isNull();
    }

    @Test
    void autoscalingBecomesThePredictorsConcurrencyTarget() throws Exception {
        DesiredResource desired = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 3, targetConcurrency: 16}");
        applier.apply(desired);

        Map<String, Object> predictor = cluster.get(KubeKind.INFERENCE_SERVICE, "search--llama").get("spec", "predictor");
        assertThat(predictor).containsEntry("minReplicas", 1).containsEntry("maxReplicas", 3)
                .containsEntry("scaleMetric", "concurrency").containsEntry("scaleTarget", 16);
        assertThat(DriftDetector.withDefaults().diff("kubernetes", LLAMA, desired.manifest(),
                applier.observe(LLAMA).orElseThrow().manifest())).isEmpty();
    }

    @Test
    void observeRoundTripsAndASecondApplyWritesNothing() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        cluster.dispatcher.clearRequests();

        applier.apply(desired);

        assertThat(cluster.dispatcher.writes()).isEmpty();
        assertThat(applier.observe(LLAMA).orElseThrow().manifest()).isEqualTo(desired.manifest());
        assertThat(applier.observeAll()).extracting(ObservedResource::key).containsExactly(LLAMA);
    }

    @Test
    void healthComesFromReadyAndPredictorReadyWithTheUrl() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        assertThat(applier.observe(LLAMA).orElseThrow().health()).isEqualTo(Health.PROGRESSING);

        setStatus(Map.of("url", "http://search--llama.inference.example.com", "conditions", List.of(
                Map.of("type", "PredictorReady", "status", "False", "reason", "RevisionFailed",
                        "message", "Revision \"search--llama-predictor-00001\" failed with message: OOMKilled."),
                Map.of("type", "Ready", "status", "False", "reason", "RevisionFailed"))));
        ObservedResource failed = applier.observe(LLAMA).orElseThrow();
        assertThat(failed.health()).isEqualTo(Health.DEGRADED);
        assertThat(failed.message()).contains("PredictorReady=False: RevisionFailed: Revision \"search--llama-predictor-00001\""
                + " failed with message: OOMKilled.").endsWith(" at http://search--llama.inference.example.com");

        setStatus(Map.of("url", "http://search--llama.inference.example.com", "conditions", List.of(
                Map.of("type", "PredictorReady", "status", "True"), Map.of("type", "Ready", "status", "True"))));
        ObservedResource ready = applier.observe(LLAMA).orElseThrow();
        assertThat(ready.health()).isEqualTo(Health.HEALTHY);
        assertThat(ready.message()).isEqualTo("Ready at http://search--llama.inference.example.com");
    }

    private void setStatus(Map<String, Object> status) {
        cluster.kubectl.genericKubernetesResources(KubeKind.INFERENCE_SERVICE.context()).inNamespace(CrudCluster.NS)
                .withName("search--llama").editStatus(isvc -> {
                    isvc.setAdditionalProperty("status", status);
                    return isvc;
                });
    }
}
