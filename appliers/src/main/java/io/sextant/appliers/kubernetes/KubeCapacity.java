package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sextant.plugin.BackendException;
import io.sextant.appliers.api.GpuCapacity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * GPU capacity of the cluster: every node's allocatable {@code nvidia.com/gpu}, grouped by its
 * {@code nvidia.com/gpu.product} label mapped back to spec GPU types, and as used the GPU limits of the
 * pods placed on those nodes that have not finished. Without permission to list nodes or pods the
 * capacity is unknown, which never blocks a plan.
 */
final class KubeCapacity {

    /** Nodes the GPU operator has not labelled still count, under this type. */
    static final String UNLABELLED = "unlabelled";

    private static final Set<String> FINISHED = Set.of("Succeeded", "Failed");

    private KubeCapacity() {
    }

    static GpuCapacity read(KubeApi api, KubeSettings settings) throws BackendException {
        List<Node> nodes = api.call("list nodes", () -> unlessForbidden(() -> api.client().nodes().list().getItems()));
        if (nodes == null) {
            return GpuCapacity.unknown();
        }
        List<Pod> pods = api.call("list pods", () -> unlessForbidden(() -> api.client().pods().inAnyNamespace().list().getItems()));
        if (pods == null) {
            return GpuCapacity.unknown();
        }
        Map<String, String> typeByNode = new HashMap<>();
        Map<String, Integer> totals = new TreeMap<>();
        for (Node node : nodes) {
            int gpus = gpus(node.getStatus() == null ? null : node.getStatus().getAllocatable());
            if (gpus > 0) {
                String product = node.getMetadata().getLabels() == null ? null
                        : node.getMetadata().getLabels().get(ServingPod.PRODUCT_LABEL);
                String type = product == null ? UNLABELLED : settings.typeOf(product);
                typeByNode.put(node.getMetadata().getName(), type);
                totals.merge(type, gpus, Integer::sum);
            }
        }
        Map<String, Integer> used = new HashMap<>();
        for (Pod pod : pods) {
            String type = pod.getSpec() == null ? null : typeByNode.get(pod.getSpec().getNodeName());
            if (type != null && (pod.getStatus() == null || !FINISHED.contains(pod.getStatus().getPhase()))) {
                int limits = 0;
                for (Container container : pod.getSpec().getContainers()) {
                    limits += container.getResources() == null ? 0 : gpus(container.getResources().getLimits());
                }
                used.merge(type, limits, Integer::sum);
            }
        }
        Map<String, GpuCapacity.Pool> pools = new TreeMap<>();
        totals.forEach((type, total) -> pools.put(type, new GpuCapacity.Pool(total, used.getOrDefault(type, 0))));
        return GpuCapacity.of(pools);
    }

    /** Null when RBAC forbids the read: a namespaced service account commonly may not list nodes. */
    private static <T> T unlessForbidden(Supplier<T> read) {
        try {
            return read.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return null;
            }
            throw e;
        }
    }

    private static int gpus(Map<String, Quantity> resources) {
        Quantity quantity = resources == null ? null : resources.get(ServingPod.GPU);
        return quantity == null ? 0 : quantity.getNumericalAmount().intValue();
    }
}
