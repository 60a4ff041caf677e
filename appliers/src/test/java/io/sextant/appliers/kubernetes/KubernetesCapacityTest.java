package io.sextant.appliers.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.GpuCapacity;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GPU capacity from nodes' allocatable GPUs and product labels, and the GPUs pods hold. */
class KubernetesCapacityTest {

    @Test
    void poolsAreNodesGpusByMappedProductAndUsedIsWhatLivePodsHold() throws Exception {
        try (CrudCluster cluster = new CrudCluster(); KubernetesApplier applier = cluster.applier()) {
            node(cluster, "gpu-a", "NVIDIA-H100-80GB-HBM3", 8);
            node(cluster, "gpu-b", "NVIDIA-H100-80GB-HBM3", 8);
            node(cluster, "gpu-c", "NVIDIA-L4", 4);
            node(cluster, "cpu-only", null, 0);
            pod(cluster, "llama-1", "gpu-a", 2, "Running");
            pod(cluster, "llama-2", "gpu-b", 2, "Pending");
            pod(cluster, "done", "gpu-a", 4, "Succeeded");
            pod(cluster, "l4", "gpu-c", 1, "Running");

            GpuCapacity capacity = applier.capacity();

            assertThat(capacity.known()).isTrue();
            // H100-80GB is mapped by the backend's gpu-products; NVIDIA-L4 is not, so it keeps its label value.
            assertThat(capacity.pools()).containsOnly(
                    Map.entry("H100-80GB", new GpuCapacity.Pool(16, 4)),
                    Map.entry("NVIDIA-L4", new GpuCapacity.Pool(4, 1)));
        }
    }

    @Test
    void capacityIsUnknownWhenTheServiceAccountMayNotListNodes() throws Exception {
        WireMockServer api = new WireMockServer(options().dynamicPort());
        api.start();
        try (Applier applier = new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes",
                Map.of("url", api.baseUrl(), "namespace", "inference"), null))) {
            api.stubFor(get(urlPathEqualTo("/api/v1/nodes")).willReturn(aResponse().withStatus(403)
                    .withHeader("Content-Type", "application/json").withBody(KubernetesFaultsTest.status(403, "Forbidden",
                            "nodes is forbidden: User \"system:serviceaccount:sextant:sextant\" cannot list resource "
                                    + "\"nodes\" in API group \"\" at the cluster scope"))));

            assertThat(applier.capacity()).isEqualTo(GpuCapacity.unknown());
        } finally {
            api.stop();
        }
    }

    private static void node(CrudCluster cluster, String name, String product, int gpus) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (product != null) {
            node.editMetadata().addToLabels("nvidia.com/gpu.product", product).endMetadata();
        }
        node.withNewStatus().addToAllocatable("cpu", new Quantity("64"))
                .addToAllocatable("nvidia.com/gpu", new Quantity(String.valueOf(gpus))).endStatus();
        cluster.kubectl.nodes().resource(node.build()).create();
    }

    private static void pod(CrudCluster cluster, String name, String nodeName, int gpus, String phase) {
        cluster.kubectl.pods().inNamespace("team-" + name).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("team-" + name).endMetadata()
                .withNewSpec().withNodeName(nodeName).addNewContainer().withName("server").withImage("vllm/vllm-openai")
                .withNewResources().addToLimits("nvidia.com/gpu", new Quantity(String.valueOf(gpus))).endResources()
                .endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus().build()).create();
    }
}
