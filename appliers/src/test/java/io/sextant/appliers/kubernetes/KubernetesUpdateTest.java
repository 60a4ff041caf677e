package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.plugin.DesiredResource;
import io.sextant.drift.api.DriftDetector;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Updates that take something away: what Sextant no longer sets disappears from the live objects. */
class KubernetesUpdateTest {

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void droppingTheConcurrencyTargetRemovesTheHpaMetric() throws Exception {
        applier.apply(KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4, targetConcurrency: 32}"));
        assertThat(cluster.get(KubeKind.HPA, "search--llama").<Map<String, Object>>get("spec")).containsKey("metrics");
        cluster.dispatcher.clearRequests();

        DesiredResource plain = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4}");
        applier.apply(plain);

        assertThat(cluster.get(KubeKind.HPA, "search--llama").<Map<String, Object>>get("spec")).doesNotContainKey("metrics");
        // The Deployment carries the new manifest, the HPA its new content; the Service is untouched.
        assertThat(cluster.dispatcher.writes()).hasSize(2).noneMatch(w -> w.contains("/services/"));
        assertThat(DriftDetector.withDefaults().diff("kubernetes", plain.key(), plain.manifest(),
                applier.observe(plain.key()).orElseThrow().manifest())).isEmpty();
    }

    @Test
    void droppingAnEnvironmentVariableRemovesItFromTheContainer() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        DesiredResource withoutEnv = KubeSpecs.desired(KubeSpecs.llamaYaml("llama", "replicas: 1")
                .replace("    env: {VLLM_LOGGING_LEVEL: INFO}\n", ""));

        applier.apply(withoutEnv);

        Deployment live = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get();
        assertThat(live.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isEmpty();
        assertThat(applier.observe(withoutEnv.key()).orElseThrow().manifest()).isEqualTo(withoutEnv.manifest());
    }
}
