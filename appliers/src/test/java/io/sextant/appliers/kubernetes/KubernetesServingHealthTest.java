package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Healthy means the model answers: the Deployment is available and its Service has ready endpoints. A model
 * that does not serve says why, in the words its pods' status gives (written here as the kubelet and the
 * scheduler write them), and is Degraded when waiting will not help.
 */
class KubernetesServingHealthTest {

    private static final String NAME = "search--llama";

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();
    private final ResourceKey llama = KubeSpecs.llama(2).key();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void anAvailableDeploymentIsHealthyOnlyOnceItsServiceHasReadyEndpoints() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        markAvailable();

        ObservedResource waiting = applier.observe(llama).orElseThrow();
        assertThat(waiting.health()).isEqualTo(Health.PROGRESSING);
        assertThat(waiting.message()).isEqualTo("Service search--llama has no ready endpoints (2 of 2 replicas ready)");

        endpoints(false, false);
        assertThat(applier.observe(llama).orElseThrow().health()).as("endpoints that are not ready")
                .isEqualTo(Health.PROGRESSING);

        cluster.kubectl.discovery().v1().endpointSlices().inNamespace(CrudCluster.NS).withName(NAME + "-abcde").delete();
        endpoints(true, false);
        ObservedResource serving = applier.observe(llama).orElseThrow();
        assertThat(serving.health()).isEqualTo(Health.HEALTHY);
        assertThat(serving.message()).isEqualTo("2 of 2 replicas ready; 1 ready endpoint");
        assertThat(applier.observeAll()).singleElement().isEqualTo(serving);
    }

    @Test
    void anImageThatCannotBePulledIsDegradedNamingTheImage() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        pod("a", new PodStatusBuilder().addNewContainerStatus().withName("server").withImage("vllm/vllm-openai:v0.11.0")
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"vllm/vllm-openai:v0.11.0\"").endWaiting().endState()
                .endContainerStatus().build());

        ObservedResource observed = applier.observe(llama).orElseThrow();

        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).startsWith("ImagePullBackOff: vllm/vllm-openai:v0.11.0 (");
    }

    @Test
    void aContainerKilledForMemoryIsDegradedNamingItsLimit() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        pod("a", new PodStatusBuilder().addNewContainerStatus().withName("server").withRestartCount(1)
                .withNewState().withNewRunning().endRunning().endState()
                .withNewLastState().withNewTerminated().withReason("OOMKilled").withExitCode(137).endTerminated()
                .endLastState().endContainerStatus().build());

        ObservedResource observed = applier.observe(llama).orElseThrow();

        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).startsWith("OOMKilled (container server, limit 32Gi) (");
    }

    @Test
    void aCrashLoopIsDegradedWithItsRestartsAndLastTerminationMessage() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        pod("a", new PodStatusBuilder().addNewContainerStatus().withName("server").withRestartCount(5)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1)
                .withMessage("ValueError: max-model-len 8192 exceeds the model's 4096\n").endTerminated()
                .endLastState().endContainerStatus().build());

        assertThat(applier.observeAll()).singleElement().satisfies(observed -> {
            assertThat(observed.health()).isEqualTo(Health.DEGRADED);
            assertThat(observed.message()).startsWith(
                    "CrashLoopBackOff (5 restarts): ValueError: max-model-len 8192 exceeds the model's 4096 (");
        });
    }

    @Test
    void aPodNoNodeHasGpusForIsDegradedSayingWhatIsMissing() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        pod("a", new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/4 nodes are available: "
                        + "4 Insufficient nvidia.com/gpu. preemption: 0/4 nodes are available: 4 No preemption victims "
                        + "found for incoming pod.").endCondition().build());

        ObservedResource observed = applier.observe(llama).orElseThrow();

        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).startsWith("Unschedulable: 0/4 nodes have enough nvidia.com/gpu (");
    }

    @Test
    void podsOfAnotherResourceDoNotSpeakForThisOne() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        Pod stranger = new PodBuilder().withNewMetadata().withName("qwen-a")
                .withLabels(KubeNames.labels(new ResourceKey(llama.kind(), "search", "qwen"))).endMetadata()
                .withNewSpec().addNewContainer().withName("server").withImage("x").endContainer().endSpec().build();
        cluster.kubectl.pods().inNamespace(CrudCluster.NS).resource(stranger).create();
        cluster.kubectl.pods().inNamespace(CrudCluster.NS).withName("qwen-a").editStatus(p -> {
            p.setStatus(new PodStatusBuilder().addNewContainerStatus().withName("server").withNewState().withNewWaiting()
                    .withReason("ImagePullBackOff").endWaiting().endState().endContainerStatus().build());
            return p;
        });

        assertThat(applier.observe(llama).orElseThrow().health()).isEqualTo(Health.PROGRESSING);
    }

    @Test
    void anInferenceServiceThatIsNotReadySaysWhyFromItsPredictorPods() throws Exception {
        try (KubernetesApplier kserve = cluster.applier(Map.of("flavor", "kserve"))) {
            kserve.apply(KubeSpecs.llama(1));
            Pod predictor = new PodBuilder().withNewMetadata().withName(NAME + "-predictor-00001-deployment-x")
                    .addToLabels(ServingHealth.KSERVE_LABEL, NAME).endMetadata().withNewSpec().addNewContainer()
                    .withName("kserve-container").withImage("vllm/vllm-openai:v0.11.0").endContainer().endSpec().build();
            cluster.kubectl.pods().inNamespace(CrudCluster.NS).resource(predictor).create();
            cluster.kubectl.pods().inNamespace(CrudCluster.NS).withName(predictor.getMetadata().getName()).editStatus(p -> {
                p.setStatus(new PodStatusBuilder().addNewContainerStatus().withName("kserve-container")
                        .withImage("vllm/vllm-openai:v0.11.0").withNewState().withNewWaiting().withReason("ErrImagePull")
                        .endWaiting().endState().endContainerStatus().build());
                return p;
            });

            ObservedResource observed = kserve.observe(llama).orElseThrow();

            assertThat(observed.health()).isEqualTo(Health.DEGRADED);
            assertThat(observed.message()).startsWith("ErrImagePull: vllm/vllm-openai:v0.11.0 (Waiting for KServe");
        }
    }

    /** A pod of the Deployment as the ReplicaSet controller makes it, with a status as the kubelet writes it. */
    private void pod(String suffix, PodStatus status) {
        Pod pod = new PodBuilder().withNewMetadata().withName(NAME + "-" + suffix).withLabels(KubeNames.labels(llama))
                .endMetadata().withNewSpec().addNewContainer().withName("server").withImage("vllm/vllm-openai:v0.11.0")
                .withNewResources().withLimits(Map.of("memory", new Quantity("32Gi"), "nvidia.com/gpu", new Quantity("1")))
                .endResources().endContainer().endSpec().build();
        cluster.kubectl.pods().inNamespace(CrudCluster.NS).resource(pod).create();
        cluster.kubectl.pods().inNamespace(CrudCluster.NS).withName(NAME + "-" + suffix)
                .editStatus(p -> { p.setStatus(status); return p; });
    }

    private void markAvailable() {
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(2).withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).build());
            return d;
        });
    }

    /** An EndpointSlice as the EndpointSlice controller writes it for the Service: its labels, one endpoint per pod. */
    private void endpoints(boolean... ready) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName(NAME + "-abcde")
                .addToLabels(KubeNames.labels(llama)).addToLabels(ServingHealth.SERVICE_NAME_LABEL, NAME)
                .addToLabels("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io").endMetadata()
                .withAddressType("IPv4");
        for (int i = 0; i < ready.length; i++) {
            slice.addNewEndpoint().withAddresses("10.0.0." + (i + 1)).withNewConditions().withReady(ready[i])
                    .endConditions().endEndpoint();
        }
        cluster.kubectl.discovery().v1().endpointSlices().inNamespace(CrudCluster.NS).resource(slice.build()).create();
    }
}
