package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Who owns which field of a Deployment, on an API server that keeps managedFields and answers conflicts as
 * Kubernetes does: Sextant never fights a field it does not declare (an HPA's replicas), and takes back a
 * field it declares that a person changed with kubectl (force, for those fields only).
 */
class KubernetesFieldOwnershipTest {

    private static final String NAME = "search--llama";
    private static final String AUTOSCALED = "autoscaling: {minReplicas: 1, maxReplicas: 4}";

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    private Deployment live() {
        return cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).get();
    }

    private Map<String, String> owners(Deployment deployment) {
        return deployment.getMetadata().getManagedFields().stream().collect(java.util.stream.Collectors.toMap(
                ManagedFieldsEntry::getManager, e -> e.getFieldsV1().getAdditionalProperties().toString()));
    }

    /** What the HPA controller does through the scale subresource: an update as kube-controller-manager. */
    private void hpaScalesTo(int replicas) {
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).patch(new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE).withFieldManager("kube-controller-manager").build(),
                "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    @Test
    void theHpaOwnsReplicasAndSextantNeitherFightsItNorCallsItDrift() throws Exception {
        applier.apply(KubeSpecs.llama("llama", AUTOSCALED));
        hpaScalesTo(3);
        DesiredResource newImage = KubeSpecs.desired(KubeSpecs.llamaYaml("llama", AUTOSCALED)
                .replace("v0.11.0", "v0.11.1"));
        cluster.dispatcher.clearRequests();

        ObservedResource observed = applier.apply(newImage);

        assertThat(cluster.dispatcher.writes()).noneMatch(w -> w.contains("force=true"));
        assertThat(live().getSpec().getReplicas()).isEqualTo(3);
        assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:v0.11.1");
        assertThat(owners(live())).containsKey("kube-controller-manager");
        assertThat(owners(live()).get("kube-controller-manager")).contains("f:replicas");
        assertThat(owners(live()).get("sextant")).doesNotContain("f:replicas");
        assertThat(DriftDetector.withDefaults().diff("kubernetes", newImage.key(), newImage.manifest(),
                applier.observeAll().get(0).manifest())).as("the drift scan's view").isEmpty();
        assertThat(observed.manifest().path("spec").path("autoscaling").path("maxReplicas").asInt()).isEqualTo(4);
    }

    @Test
    void aFieldAPersonChangedWithKubectlIsTakenBackWithForceForThatFieldOnly() throws Exception {
        applier.apply(KubeSpecs.llama(1));
        Deployment edited = live();
        edited.getMetadata().setManagedFields(null);
        edited.getMetadata().setResourceVersion(null);
        edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("vllm/vllm-openai:hotfix");
        edited.getSpec().setMinReadySeconds(30);
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(edited).fieldManager("kubectl")
                .forceConflicts().serverSideApply();
        cluster.dispatcher.clearRequests();

        applier.apply(KubeSpecs.llama(1));

        assertThat(cluster.dispatcher.writes()).filteredOn(w -> w.contains("/deployments/"))
                .extracting(w -> w.contains("force=true")).containsExactly(false, true);
        assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:v0.11.0");
        assertThat(live().getSpec().getMinReadySeconds()).as("a field Sextant does not declare stays the person's")
                .isEqualTo(30);
        assertThat(owners(live()).get("kubectl")).contains("f:minReadySeconds").doesNotContain("f:image");
    }

    @Test
    void withoutForceConflictsAPersonsFieldIsAFailureNamingTheManagerAndField() throws Exception {
        try (KubernetesApplier polite = cluster.applier(Map.of("force-conflicts", false))) {
            polite.apply(KubeSpecs.llama(1));
            Deployment edited = live();
            edited.getMetadata().setManagedFields(null);
            edited.getMetadata().setResourceVersion(null);
            edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("vllm/vllm-openai:hotfix");
            cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(edited).fieldManager("kubectl")
                    .forceConflicts().serverSideApply();

            BackendException refused = catchThrowableOfType(BackendException.class, () -> polite.apply(KubeSpecs.llama(1)));

            assertThat(refused.isTransient()).isFalse();
            assertThat(refused.getMessage()).contains("409 Conflict").contains("conflict with \"kubectl\" using apps/v1: "
                    + ".spec.template.spec.containers[name=\"server\"].image").contains("field manager 'kubectl'");
            assertThat(live().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                    .isEqualTo("vllm/vllm-openai:hotfix");
        }
    }
}
