package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ModelDeployments as Deployment + Service (+ HPA) on the fabric8 CRUD mock API server. */
class KubernetesDeploymentTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");
    private static final DriftDetector DRIFT = DriftDetector.withDefaults();

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void createsADeploymentRunningVllmOnTheRequestedGpus() throws Exception {
        applier.apply(KubeSpecs.llama(2));

        Deployment deployment = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get();
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sextant")
                .containsEntry("sextant.io/kind", "ModelDeployment").containsEntry("sextant.io/namespace", "search")
                .containsEntry("sextant.io/name", "llama");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
        assertThat(container.getCommand()).containsExactly("vllm", "serve");
        assertThat(container.getArgs()).containsExactly("meta-llama/Llama-3.1-8B-Instruct",
                "--served-model-name", "chat", "--host", "0.0.0.0", "--port", "8000", "--revision", "0e9e39f",
                "--enforce-eager", "--max-model-len", "8192", "--tensor-parallel-size", "1");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("nvidia.com/gpu");
        assertThat(container.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8000);
        assertThat(container.getEnv()).singleElement()
                .satisfies(env -> assertThat(env.getName() + "=" + env.getValue()).isEqualTo("VLLM_LOGGING_LEVEL=INFO"));
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getOperator()).isEqualTo("Exists");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        var service = cluster.kubectl.services().inNamespace(CrudCluster.NS).withName("search--llama").get();
        assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(8000);
        assertThat(cluster.get(KubeKind.HPA, "search--llama")).isNull();
    }

    @Test
    void observeGivesBackTheAppliedManifestSoThereIsNoFalseDrift() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        ObservedResource applied = applier.apply(desired);

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();

        assertThat(diff(desired, observed)).isEmpty();
        assertThat(diff(desired, applied)).isEmpty();
        assertThat(observed.manifest()).isEqualTo(desired.manifest());
        assertThat(applier.observeAll()).extracting(ObservedResource::key).containsExactly(LLAMA);
    }

    @Test
    void aSecondApplyOfTheSameStateMakesNoWriteRequest() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        cluster.dispatcher.clearRequests();

        applier.apply(KubeSpecs.llama(2));

        assertThat(cluster.dispatcher.writes()).isEmpty();
    }

    @Test
    void aChangedReplicaCountPatchesOnlyTheDeployment() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        cluster.dispatcher.clearRequests();

        ObservedResource observed = applier.apply(KubeSpecs.llama(3));

        assertThat(cluster.dispatcher.writes()).singleElement().asString()
                .startsWith("PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama?fieldManager=sextant");
        assertThat(observed.manifest().at("/spec/replicas").asInt()).isEqualTo(3);
        Deployment live = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get();
        assertThat(live.getSpec().getReplicas()).isEqualTo(3);
        assertThat(live.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    }

    @Test
    void aKubectlScaleShowsAsAReplicasChange() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);

        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama")
                .edit(d -> { d.getSpec().setReplicas(5); return d; });

        List<FieldChange> drift = diff(desired, applier.observe(LLAMA).orElseThrow());
        assertThat(drift).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("/spec/replicas");
            assertThat(change.from().asInt()).isEqualTo(5);
            assertThat(change.value().asInt()).isEqualTo(2);
        });
        applier.apply(desired);
        assertThat(diff(desired, applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void autoscalingHandsTheReplicaCountToAnHpaAndBack() throws Exception {
        DesiredResource autoscaled = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4, targetConcurrency: 32}");
        applier.apply(KubeSpecs.llama(2));

        applier.apply(autoscaled);

        var hpa = cluster.get(KubeKind.HPA, "search--llama");
        assertThat(hpa).isNotNull();
        Map<String, Object> spec = hpa.get("spec");
        assertThat(spec).containsEntry("minReplicas", 1).containsEntry("maxReplicas", 4);
        assertThat(cluster.get(KubeKind.DEPLOYMENT, "search--llama").<Map<String, Object>>get("spec"))
                .doesNotContainKey("replicas");
        assertThat(diff(autoscaled, applier.observe(LLAMA).orElseThrow())).isEmpty();

        applier.apply(KubeSpecs.llama(2));
        assertThat(cluster.get(KubeKind.HPA, "search--llama")).isNull();
        assertThat(diff(KubeSpecs.llama(2), applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void deleteRemovesEveryObjectAndASecondDeleteWritesNothing() throws Exception {
        applier.apply(KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 2}"));

        applier.delete(LLAMA);

        assertThat(cluster.get(KubeKind.DEPLOYMENT, "search--llama")).isNull();
        assertThat(cluster.get(KubeKind.SERVICE, "search--llama")).isNull();
        assertThat(cluster.get(KubeKind.HPA, "search--llama")).isNull();
        assertThat(applier.observe(LLAMA)).isEmpty();
        cluster.dispatcher.clearRequests();
        applier.delete(LLAMA);
        assertThat(cluster.dispatcher.writes()).isEmpty();
    }

    @Test
    void healthFollowsTheDeploymentControllersStatus() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        assertThat(applier.observe(LLAMA).orElseThrow().health()).isEqualTo(Health.PROGRESSING);

        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(2).withUpdatedReplicas(2)
                    .withReadyReplicas(2).withAvailableReplicas(2).addNewCondition().withType("Available")
                    .withStatus("True").withMessage("Deployment has minimum availability.").endCondition().build());
            return d;
        });

        // The EndpointSlice controller's view of the Service: a request reaches a ready pod.
        cluster.kubectl.discovery().v1().endpointSlices().inNamespace(CrudCluster.NS).resource(
                new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder().withNewMetadata()
                        .withName("search--llama-x1").addToLabels(ServingHealth.SERVICE_NAME_LABEL, "search--llama")
                        .endMetadata().withAddressType("IPv4").addNewEndpoint().withAddresses("10.0.0.1")
                        .withNewConditions().withReady(true).endConditions().endEndpoint().build()).create();

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();
        assertThat(observed.health()).isEqualTo(Health.HEALTHY);
        assertThat(observed.message()).isEqualTo("2 of 2 replicas ready (Deployment has minimum availability.); 1 ready endpoint");
    }

    private static List<FieldChange> diff(DesiredResource desired, ObservedResource observed) {
        return DRIFT.diff("kubernetes", desired.key(), desired.manifest(), observed.manifest());
    }
}
