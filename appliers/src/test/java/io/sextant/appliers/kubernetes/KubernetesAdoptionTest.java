package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sextant.appliers.api.Adoptions;
import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An object that already has the name of a resource's object, made before Sextant managed it, is adopted in
 * place by server-side apply: same uid, no delete, reported once. One whose selector Kubernetes will not let
 * change, or that Sextant's labels give to another resource, is refused with the reason.
 */
class KubernetesAdoptionTest {

    private static final String NAME = "search--llama";

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();
    private final Adoptions adoptions = applier.facet(Adoptions.class).orElseThrow();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void aDeploymentMadeByHandIsAdoptedInPlaceAndReportedOnce() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        String uid = handMade(KubeNames.labels(desired.key())).getMetadata().getUid();

        applier.apply(desired);

        Deployment adopted = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).get();
        assertThat(adopted.getMetadata().getUid()).isEqualTo(uid);
        assertThat(adopted.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sextant")
                .containsEntry("team", "search");
        assertThat(adopted.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:v0.11.0");
        assertThat(cluster.dispatcher.writes()).noneMatch(w -> w.startsWith("DELETE"));
        assertThat(adoptions.takeAdopted(desired.key())).singleElement().satisfies(object -> {
            assertThat(object.kind()).isEqualTo("Deployment");
            assertThat(object.name()).isEqualTo(NAME);
            assertThat(object.uid()).isEqualTo(uid);
            assertThat(object.changes()).anyMatch(c -> c.startsWith("/spec/replicas is 1, Sextant applies 2"));
        });
        assertThat(adoptions.takeAdopted(desired.key())).as("reported once").isEmpty();
        assertThat(DriftDetector.withDefaults().diff("kubernetes", desired.key(), desired.manifest(),
                applier.observe(desired.key()).orElseThrow().manifest())).isEmpty();

        cluster.dispatcher.clearRequests();
        applier.apply(desired);

        assertThat(cluster.dispatcher.writes()).as("a second sync").isEmpty();
        assertThat(adoptions.takeAdopted(desired.key())).isEmpty();
    }

    @Test
    void aDeploymentWhosePodSelectorDiffersIsRefusedSinceKubernetesKeepsItImmutable() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        handMade(Map.of("app", "llama"));

        BackendException refused = catchThrowableOfType(BackendException.class, () -> applier.apply(desired));

        assertThat(refused.isTransient()).isFalse();
        assertThat(refused.getMessage()).startsWith("backend 'prod-k8s': Deployment inference/search--llama exists with "
                + "the pod selector {\"matchLabels\":{\"app\":\"llama\"}}, and a Deployment's selector cannot change");
        assertThat(cluster.get(KubeKind.DEPLOYMENT, NAME).getMetadata().getLabels()).doesNotContainKey("sextant.io/name");
        assertThat(adoptions.takeAdopted(desired.key())).isEmpty();
    }

    @Test
    void anObjectAnotherSextantResourceOwnsIsNotAdopted() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        Map<String, String> other = KubeNames.labels(new io.sextant.plugin.ResourceKey(desired.key().kind(), "ml", "x"));
        cluster.kubectl.services().inNamespace(CrudCluster.NS).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName(NAME).withLabels(other).endMetadata().withNewSpec().withSelector(other)
                .addNewPort().withPort(80).endPort().endSpec().build()).create();

        BackendException refused = catchThrowableOfType(BackendException.class, () -> applier.apply(desired));

        assertThat(refused.getMessage()).isEqualTo("backend 'prod-k8s': Service inference/search--llama exists and is "
                + "managed by Sextant for ModelDeployment/ml/x, not for ModelDeployment/search/llama; rename the resource "
                + "or remove that object");
        assertThat(cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).get().getSpec().getSelector())
                .isEqualTo(other);
    }

    /** A Deployment someone applied before Sextant: one replica of the same engine, its own label, a pod template. */
    private Deployment handMade(Map<String, String> selector) {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(NAME).withNamespace(CrudCluster.NS)
                .addToLabels("team", "search").endMetadata().withNewSpec().withReplicas(1)
                .withNewSelector().withMatchLabels(selector).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(selector).endMetadata().withNewSpec().addNewContainer()
                .withName("server").withImage("vllm/vllm-openai:v0.10.0").endContainer().endSpec().endTemplate()
                .endSpec().build();
        return cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(deployment).create();
    }
}
