package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.InferenceRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sextant sees, changes and deletes only what it made (or adopted: {@link KubernetesAdoptionTest}), and reports a failure that
 * comes after an apply.
 */
class KubernetesOwnershipTest {

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    private void handMade(String name, boolean sextantKindLabel) {
        DeploymentBuilder deployment = new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace(CrudCluster.NS).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(1).endSpec();
        if (sextantKindLabel) {
            deployment.editMetadata().addToLabels("app.kubernetes.io/managed-by", "sextant")
                    .addToLabels("sextant.io/kind", "ModelDeployment").endMetadata();
        }
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(deployment.build()).create();
    }

    @Test
    void observeAllListsOnlyWhatSextantManages() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        applier.apply(KubeSpecs.route("llama", "100"));
        handMade("nginx", false);
        handMade("half-labelled", true);

        assertThat(applier.observeAll()).extracting(ObservedResource::key).containsExactly(
                new ResourceKey(InferenceRoute.KIND, "search", "chat"),
                new ResourceKey(ModelDeployment.KIND, "search", "llama"));
    }

    @Test
    void anObjectSextantsLabelsClaimForAnotherResourceIsNeitherTakenOverNorDeleted() throws Exception {
        handMade("search--llama", true);
        ResourceKey llama = new ResourceKey(ModelDeployment.KIND, "search", "llama");

        BackendException refused = catchThrowableOfType(BackendException.class, () -> applier.apply(KubeSpecs.llama(1)));
        applier.delete(llama);

        assertThat(refused.isTransient()).isFalse();
        assertThat(refused.getMessage()).isEqualTo("backend 'prod-k8s': Deployment inference/search--llama exists and is "
                + "managed by Sextant for another resource, not for ModelDeployment/search/llama; rename the resource or "
                + "remove that object");
        assertThat(applier.observe(llama)).isEmpty();
        assertThat(cluster.get(KubeKind.DEPLOYMENT, "search--llama")).isNotNull();
    }

    @Test
    void aChangeTheClusterAcceptsButThenFailsShowsAsDegraded() throws Exception {
        ObservedResource accepted = applier.apply(KubeSpecs.llama(1));
        assertThat(accepted.health()).isEqualTo(Health.PROGRESSING);

        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").editStatus(d -> {
            d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(1).withUpdatedReplicas(1)
                    .addNewCondition().withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
                    .withMessage("ReplicaSet \"search--llama-6b7\" has timed out progressing.").endCondition().build());
            return d;
        });

        ObservedResource failed = applier.observe(accepted.key()).orElseThrow();
        assertThat(failed.health()).isEqualTo(Health.DEGRADED);
        assertThat(failed.message()).isEqualTo("ProgressDeadlineExceeded: ReplicaSet \"search--llama-6b7\" has timed out progressing.");
    }
}
