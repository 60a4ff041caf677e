package io.sextant.engine;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Objects;

/**
 * What a cluster's kubelets and controllers would write for the Deployments the engine applies, for tests on
 * {@link KubeApiServer} (which runs no controllers): each Deployment's status becomes available at its
 * generation, and its Service gets a ready EndpointSlice, a few times a second. Without it a canary is never
 * Healthy, so no rollout ever moves traffic. Writes the API server refuses (an outage) are tried again.
 */
final class Kubelet implements AutoCloseable {

    private final KubeApiServer kube;
    private final Thread thread;
    private volatile boolean running = true;

    private Kubelet(KubeApiServer kube) {
        this.kube = kube;
        this.thread = new Thread(this::loop, "test-kubelet");
        thread.setDaemon(true);
    }

    /** Registers one node with {@code gpus} H100s (so capacity is known) and starts marking Deployments ready. */
    static Kubelet start(KubeApiServer kube, int gpus) {
        kube.kubectl.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-node-1")
                .addToLabels("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3").endMetadata().withNewStatus()
                .addToAllocatable("nvidia.com/gpu", new Quantity(Integer.toString(gpus)))
                .addToCapacity("nvidia.com/gpu", new Quantity(Integer.toString(gpus))).endStatus().build()).create();
        Kubelet kubelet = new Kubelet(kube);
        kubelet.thread.start();
        return kubelet;
    }

    private void loop() {
        while (running) {
            try {
                for (Deployment d : kube.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).list()
                        .getItems()) {
                    markAvailable(d);
                }
                Thread.sleep(200); // a controller's resync period, not a test's wait
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException refusedOrRacing) {
                // The next round tries again, as a controller requeues.
            }
        }
    }

    private void markAvailable(Deployment d) {
        String name = d.getMetadata().getName();
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() == null || !Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                || !Objects.equals(d.getStatus().getAvailableReplicas(), replicas)) {
            kube.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName(name).editStatus(live -> {
                live.setStatus(new DeploymentStatusBuilder().withObservedGeneration(live.getMetadata().getGeneration())
                        .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                        .withAvailableReplicas(replicas).addNewCondition().withType("Available").withStatus("True")
                        .withMessage("Deployment has minimum availability.").endCondition().build());
                return live;
            });
        }
        if (kube.kubectl.discovery().v1().endpointSlices().inNamespace(KubeApiServer.NAMESPACE).withName(name + "-x1")
                .get() == null) {
            kube.kubectl.discovery().v1().endpointSlices().inNamespace(KubeApiServer.NAMESPACE).resource(
                    new EndpointSliceBuilder().withNewMetadata().withName(name + "-x1")
                            .addToLabels("kubernetes.io/service-name", name)
                            .addToLabels("app.kubernetes.io/managed-by", "sextant")
                            .addToLabels("sextant.io/kind", "ModelDeployment").endMetadata().withAddressType("IPv4")
                            .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(true)
                            .endConditions().endEndpoint().build()).create();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
