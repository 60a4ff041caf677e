package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An engine killed between the writes of one apply must leave a resource that reads as not applied, so
 * that recovery re-applies it instead of recording it as done (engine ClusterFailoverTest, end to end).
 */
class KubernetesPartialApplyTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void theServiceIsWrittenBeforeTheDeploymentThatObserveFindsTheResourceBy() throws Exception {
        applier.apply(KubeSpecs.llama(2));

        List<String> writes = cluster.dispatcher.writes();
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).startsWith("PATCH /api/v1/namespaces/inference/services/search--llama?");
        assertThat(writes.get(1)).startsWith("PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama?");
    }

    @Test
    void aResourceWithOnlyItsServiceReadsAsAbsentAndOneDeploymentApplyCompletesIt() throws Exception {
        applier.apply(KubeSpecs.llama(2));
        // What a kill between the two writes leaves behind.
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").delete();
        cluster.dispatcher.clearRequests();

        assertThat(applier.observe(LLAMA)).isEmpty();
        applier.apply(KubeSpecs.llama(2));

        // The Service is read and found as applied; the Deployment, observed absent, is applied without a read.
        assertThat(cluster.dispatcher.requests()).extracting(r -> r.split("\\?")[0]).containsExactly(
                "GET /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "GET /api/v1/namespaces/inference/services/search--llama",
                "PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama");
        assertThat(applier.observe(LLAMA)).isPresent();
    }
}
