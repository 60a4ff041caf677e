package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory bound of the watch caches, structurally: what one ModelDeployment's objects cost in the cache is
 * their JSON as the API server returns it, less {@code managedFields}. (Heap figures: docs/benchmarks.md.)
 */
class CachedObjectSizeTest {

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void aDeploymentAndItsServiceAreCachedAsTheirJsonWithoutManagedFields() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        var deployment = cluster.get(KubeKind.DEPLOYMENT, "search--llama");
        var service = cluster.get(KubeKind.SERVICE, "search--llama");
        KubernetesSerialization serialization = new KubernetesSerialization();
        long whole = serialization.asJson(deployment).length() + serialization.asJson(service).length();
        assertThat(deployment.getMetadata().getManagedFields()).as("the server keeps them").isNotEmpty();
        SlimStore store = new SlimStore(serialization);

        for (var object : List.of(deployment, service)) {
            store.put(object.getMetadata().getName() + "/" + object.getKind(), object);
        }

        assertThat(store.bytes()).as("cached bytes, vs %d for the objects as served", whole)
                .isLessThan(whole).isLessThan(6 * 1024);
    }
}
