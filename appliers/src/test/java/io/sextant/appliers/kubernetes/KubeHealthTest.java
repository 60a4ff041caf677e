package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Health of a Deployment from the status its controller writes, read as kubectl rollout status reads it. */
class KubeHealthTest {

    private static KubeHealth deployment(String spec, String status) {
        JsonNode node = JsonMapper.shared().readTree("""
                {"metadata": {"name": "search--llama", "generation": 2}, "spec": %s, "status": %s}"""
                .formatted(spec, status));
        return KubeHealth.deployment(node, null);
    }

    @Test
    void aRolloutPastItsDeadlineIsDegradedWithTheControllersMessage() {
        KubeHealth health = deployment("{\"replicas\": 2}", """
                {"observedGeneration": 2, "replicas": 2, "updatedReplicas": 1, "availableReplicas": 1,
                 "conditions": [{"type": "Available", "status": "True"},
                   {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                    "message": "ReplicaSet \\"search--llama-5d8f\\" has timed out progressing."}]}""");

        assertThat(health).isEqualTo(new KubeHealth(Health.DEGRADED,
                "ProgressDeadlineExceeded: ReplicaSet \"search--llama-5d8f\" has timed out progressing."));
    }

    @Test
    void aReplicaFailureIsDegraded() {
        KubeHealth health = deployment("{\"replicas\": 1}", """
                {"observedGeneration": 2, "conditions": [{"type": "ReplicaFailure", "status": "True",
                 "reason": "FailedCreate", "message": "pods \\"search--llama-x\\" is forbidden: exceeded quota: gpu"}]}""");

        assertThat(health.health()).isEqualTo(Health.DEGRADED);
        assertThat(health.message()).isEqualTo("FailedCreate: pods \"search--llama-x\" is forbidden: exceeded quota: gpu");
    }

    @Test
    void aRolloutUnderWayIsProgressingWithItsCounts() {
        assertThat(deployment("{\"replicas\": 3}", """
                {"observedGeneration": 2, "replicas": 3, "updatedReplicas": 1, "availableReplicas": 2,
                 "conditions": [{"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                  "message": "ReplicaSet \\"search--llama-7c9\\" is progressing."}]}"""))
                .isEqualTo(new KubeHealth(Health.PROGRESSING,
                        "1 of 3 updated replicas are available (ReplicaSet \"search--llama-7c9\" is progressing.)"));
        assertThat(deployment("{\"replicas\": 3}", "{\"observedGeneration\": 1}"))
                .isEqualTo(new KubeHealth(Health.PROGRESSING, "Waiting for deployment spec update to be observed"));
        assertThat(deployment("{\"replicas\": 2}", """
                {"observedGeneration": 2, "replicas": 2, "updatedReplicas": 2, "availableReplicas": 1}""").health())
                .isEqualTo(Health.PROGRESSING);
    }

    @Test
    void aDeploymentScaledToZeroIsHealthy() {
        assertThat(deployment("{\"replicas\": 0}", "{\"observedGeneration\": 2}"))
                .isEqualTo(new KubeHealth(Health.HEALTHY, "0 of 0 replicas ready"));
    }

    @Test
    void aMissingServiceIsDegraded() {
        JsonNode node = JsonMapper.shared().readTree("""
                {"metadata": {"generation": 1}, "spec": {"replicas": 1},
                 "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": 1}}""");

        assertThat(KubeHealth.deployment(node, "inference/search--llama"))
                .isEqualTo(new KubeHealth(Health.DEGRADED, "Service inference/search--llama is missing"));
    }
}
