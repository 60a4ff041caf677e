package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tests' API server does server-side apply as the Kubernetes documentation specifies. */
class SsaCrudDispatcherTest {

    private final CrudCluster cluster = new CrudCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private static DeploymentBuilder web() {
        return new DeploymentBuilder().withNewMetadata().withName("web").withNamespace(CrudCluster.NS).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().endSpec()
                .endTemplate().endSpec();
    }

    private Deployment apply(Deployment deployment, String manager, boolean force) {
        var apply = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).resource(deployment)
                .fieldManager(manager);
        return (force ? apply.forceConflicts() : apply).serverSideApply();
    }

    private static Deployment withContainer(String name, String image) {
        return web().editSpec().editTemplate().editSpec().addNewContainer().withName(name).withImage(image)
                .addNewPort().withContainerPort(8000).endPort().endContainer().endSpec().endTemplate().endSpec().build();
    }

    private Map<String, String> managers(Deployment live) {
        return live.getMetadata().getManagedFields().stream()
                .collect(java.util.stream.Collectors.toMap(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getOperation));
    }

    @Test
    void eachManagerOwnsTheFieldsItAppliedAsManagedFields() {
        apply(withContainer("server", "vllm:1"), "sextant", false);
        Deployment live = apply(web().editSpec().withReplicas(3).endSpec().build(), "kubectl", false);

        assertThat(managers(live)).containsExactlyInAnyOrderEntriesOf(Map.of("sextant", "Apply", "kubectl", "Apply"));
        ManagedFieldsEntry kubectl = live.getMetadata().getManagedFields().stream()
                .filter(e -> e.getManager().equals("kubectl")).findFirst().orElseThrow();
        assertThat(kubectl.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(kubectl.getFieldsV1().getAdditionalProperties()).containsKey("f:spec");
        assertThat(cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("web").get()
                .getSpec().getTemplate().getSpec().getContainers()).extracting("image").containsExactly("vllm:1");
    }

    @Test
    void anApplyChangingAFieldAnotherManagerOwnsIsAConflictNamingThatManagerAndField() {
        apply(web().editSpec().withReplicas(3).endSpec().build(), "kubectl", false);

        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> apply(web().editSpec().withReplicas(2).endSpec().build(), "sextant", false));

        assertThat(conflict.getCode()).isEqualTo(409);
        assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
        assertThat(conflict.getStatus().getMessage())
                .isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas");
        assertThat(conflict.getStatus().getDetails().getCauses()).extracting(StatusCause::getReason,
                StatusCause::getField).containsExactly(org.assertj.core.groups.Tuple.tuple("FieldManagerConflict", ".spec.replicas"));
        assertThat(cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("web").get()
                .getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void applyingTheSameValueAnotherManagerOwnsSharesTheFieldWithoutConflict() {
        apply(web().editSpec().withReplicas(3).endSpec().build(), "kubectl", false);

        Deployment live = apply(web().editSpec().withReplicas(3).endSpec().build(), "sextant", false);

        assertThat(live.getSpec().getReplicas()).isEqualTo(3);
        assertThat(managers(live)).containsOnlyKeys("kubectl", "sextant");
    }

    @Test
    void forceTakesOwnershipSoTheFormerOwnerThenConflicts() {
        apply(web().editSpec().withReplicas(3).endSpec().build(), "kubectl", false);

        Deployment forced = apply(web().editSpec().withReplicas(2).endSpec().build(), "sextant", true);
        KubernetesClientException back = catchThrowableOfType(KubernetesClientException.class,
                () -> apply(web().editSpec().withReplicas(5).endSpec().build(), "kubectl", false));

        assertThat(forced.getSpec().getReplicas()).isEqualTo(2);
        assertThat(back.getCode()).isEqualTo(409);
        assertThat(back.getStatus().getMessage()).contains("conflict with \"sextant\"");
    }

    @Test
    void anUpdateByAControllerOwnsWhatItChanged() {
        apply(web().editSpec().withReplicas(1).endSpec().build(), "sextant", false);
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("web").patch(
                new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).withFieldManager("kube-controller-manager").build(),
                "{\"spec\":{\"replicas\":4}}");

        Deployment live = cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("web").get();
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> apply(web().editSpec().withReplicas(1).endSpec().build(), "sextant", false));

        assertThat(managers(live)).containsEntry("kube-controller-manager", "Update");
        assertThat(conflict.getStatus().getDetails().getCauses()).extracting(StatusCause::getMessage)
                .containsExactly("conflict with \"kube-controller-manager\" using apps/v1");
    }

    @Test
    void containersMergeByNameAndTheirPortsByContainerPort() {
        apply(withContainer("server", "vllm:1"), "sextant", false);
        apply(withContainer("sidecar", "envoy:1"), "mesh-injector", false);

        Deployment live = apply(withContainer("server", "vllm:2"), "sextant", false);

        assertThat(live.getSpec().getTemplate().getSpec().getContainers())
                .extracting("name", "image").containsExactly(org.assertj.core.groups.Tuple.tuple("server", "vllm:2"),
                        org.assertj.core.groups.Tuple.tuple("sidecar", "envoy:1"));
    }

    @Test
    void tolerationsAreAtomicSoAnotherManagersListConflicts() {
        apply(web().editSpec().editTemplate().editSpec().addNewToleration().withKey("nvidia.com/gpu")
                .withOperator("Exists").endToleration().endSpec().endTemplate().endSpec().build(), "sextant", false);

        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> apply(web().editSpec().editTemplate().editSpec().addNewToleration().withKey("spot")
                        .withOperator("Exists").endToleration().endSpec().endTemplate().endSpec().build(), "kubectl", false));

        assertThat(conflict.getStatus().getDetails().getCauses()).extracting(StatusCause::getField)
                .containsExactly(".spec.template.spec.tolerations");
    }

    @Test
    void aFieldNoLongerAppliedIsRemovedUnlessAnotherManagerOwnsIt() {
        apply(web().editSpec().withReplicas(2).withMinReadySeconds(5).endSpec().build(), "sextant", false);
        apply(web().editSpec().withMinReadySeconds(5).endSpec().build(), "kubectl", false);

        Deployment live = apply(web().build(), "sextant", false);

        assertThat(live.getSpec().getReplicas()).isNull();
        assertThat(live.getSpec().getMinReadySeconds()).isEqualTo(5);
        assertThat(List.of(live.getMetadata().getName())).containsExactly("web");
    }
}
