package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one resource costs on the wire (issue 13 item 2): the answer of an apply is built from the API
 * server's answers to its requests, never from reading the objects back.
 */
class KubernetesRequestCostTest {

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void aResourceObservedAbsentIsCreatedWithOneApplyPerObjectAndNoReadBeforeWrite() throws Exception {
        assertThat(applier.observe(KubeSpecs.llama(2).key())).isEmpty();
        assertThat(applier.observe(KubeSpecs.route("llama", "100").key())).isEmpty();

        ObservedResource llama = applier.apply(KubeSpecs.llama(2));
        ObservedResource route = applier.apply(KubeSpecs.route("llama", "100"));

        // The engine's first sync: observe, then create. A Deployment-flavour resource is 4 requests
        // (the read that found it absent, the Service's read and apply, the Deployment's apply), a route 2.
        assertThat(cluster.dispatcher.requests()).extracting(r -> r.split("\\?")[0]).containsExactly(
                "GET /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "GET /apis/gateway.networking.k8s.io/v1/namespaces/inference/httproutes/search--chat",
                "GET /api/v1/namespaces/inference/services/search--llama",
                "PATCH /api/v1/namespaces/inference/services/search--llama",
                "PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "PATCH /apis/gateway.networking.k8s.io/v1/namespaces/inference/httproutes/search--chat");
        assertThat(llama).isEqualTo(applier.observe(llama.key()).orElseThrow());
        assertThat(route).isEqualTo(applier.observe(route.key()).orElseThrow());
    }

    @Test
    void aFirstApplyOfADeploymentReadsEachObjectOnceAndAppliesTwoWithNoReadBack() throws Exception {
        ObservedResource applied = applier.apply(KubeSpecs.llama(2));

        assertThat(cluster.dispatcher.requests()).extracting(r -> r.split("\\?")[0]).containsExactly(
                "GET /api/v1/namespaces/inference/services/search--llama",
                "PATCH /api/v1/namespaces/inference/services/search--llama",
                "GET /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "GET /apis/autoscaling/v2/namespaces/inference/horizontalpodautoscalers/search--llama");
        assertThat(applied.manifest().path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(applied.health()).isEqualTo(Health.PROGRESSING);
        assertThat(applied).isEqualTo(applier.observe(applied.key()).orElseThrow());
    }
}
