package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.ManagedObjects;
import io.sextant.appliers.api.ManagedObjects.ManagedObject;
import io.sextant.plugin.DesiredResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every object a resource becomes records which installation and source applied it, on the object only (never
 * the pod template, so upgrading restarts no model), and a backend lists exactly the objects its installation
 * made: another installation's in the same namespace, and objects labelled by hand under a name Sextant never
 * gives, are left out.
 */
class KubernetesManagedObjectsTest {

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("instance", "team-a"));
    private final KubernetesApplier other = cluster.applier(Map.of("instance", "team-b"));

    @AfterEach
    void close() {
        applier.close();
        other.close();
        cluster.close();
    }

    static DesiredResource fromSource(DesiredResource desired, String source) {
        return new DesiredResource(desired.resource(), desired.manifest(), desired.revision(), source);
    }

    @Test
    void anInstallationListsTheObjectsItAppliedWithTheirResourceAndSource() throws Exception {
        DesiredResource llama = fromSource(KubeSpecs.llama(2), "platform");
        applier.apply(llama);
        other.apply(fromSource(KubeSpecs.llama("qwen", "replicas: 1"), "platform"));

        List<ManagedObject> listed = applier.facet(ManagedObjects.class).orElseThrow().listManaged();

        assertThat(listed).extracting(ManagedObject::kind).containsExactlyInAnyOrder("Service", "Deployment");
        assertThat(listed).allSatisfy(object -> {
            assertThat(object.name()).isEqualTo("search--llama");
            assertThat(object.namespace()).isEqualTo(CrudCluster.NS);
            assertThat(object.resource()).isEqualTo(llama.key());
            assertThat(object.source()).isEqualTo("platform");
        });
        assertThat(cluster.get(KubeKind.DEPLOYMENT, "search--llama").getMetadata().getAnnotations())
                .containsEntry("sextant.io/engine", "team-a").containsEntry("sextant.io/source", "platform");
        assertThat(cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName("search--llama").get()
                .getSpec().getTemplate().getMetadata().getAnnotations()).doesNotContainKeys("sextant.io/engine",
                "sextant.io/source");
        assertThat(other.facet(ManagedObjects.class).orElseThrow().listManaged())
                .extracting(ManagedObject::name).containsOnly("search--qwen");
    }

    @Test
    void anObjectLabelledByHandUnderAnotherNameIsNotListed() throws Exception {
        DesiredResource llama = KubeSpecs.llama(2);
        Map<String, String> labels = KubeNames.labels(llama.key());
        cluster.kubectl.services().inNamespace(CrudCluster.NS).resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withNewMetadata().withName("looks-like-llama").withLabels(labels)
                .addToAnnotations("sextant.io/engine", "team-a").endMetadata()
                .withNewSpec().withSelector(labels).addNewPort().withPort(80).endPort().endSpec().build()).create();

        assertThat(applier.facet(ManagedObjects.class).orElseThrow().listManaged()).isEmpty();
    }

    @Test
    void anInstanceThatIsNoKubernetesNameIsRefusedAtStartUp() {
        IllegalArgumentException refused = catchThrowableOfType(IllegalArgumentException.class, () -> KubeSettings.from(
                new BackendConfig("prod-k8s", "kubernetes", Map.of("instance", "Team A"), null)));

        assertThat(refused.getMessage()).contains("instance").contains("'Team A'");
    }
}
