package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Service or HPA of a ModelDeployment deleted or edited by hand is drift of the resource, as a GitOps user
 * expects of a managed object's children; re-applying restores it with one server-side apply of that object
 * and no other write. Server defaults and other field managers' additions are not drift.
 */
class KubernetesObjectDriftTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");
    private static final String NAME = "search--llama";
    private static final DriftDetector DRIFT = DriftDetector.withDefaults();
    private static final String SERVICE_APPLY = "PATCH /api/v1/namespaces/inference/services/search--llama?fieldManager=sextant";
    private static final String HPA_APPLY =
            "PATCH /apis/autoscaling/v2/namespaces/inference/horizontalpodautoscalers/search--llama?fieldManager=sextant";

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier();

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void aServiceDeletedByHandIsDriftAndReapplyingRestoresItWithOneApply() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).delete();

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();
        assertThat(render(diff(desired, observed)))
                .containsExactly("replace /objects/Service/search--llama \"Missing\" -> \"Synced\"");
        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).isEqualTo("Service inference/search--llama is missing");
        assertThat(render(diff(desired, applier.observeAll().get(0)))).as("the drift scan's view")
                .containsExactly("replace /objects/Service/search--llama \"Missing\" -> \"Synced\"");

        cluster.dispatcher.clearRequests();
        ObservedResource healed = applier.apply(desired);

        assertThat(cluster.dispatcher.writes()).singleElement().asString().startsWith(SERVICE_APPLY);
        assertThat(cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).get().getSpec().getPorts())
                .singleElement().satisfies(port -> assertThat(port.getPort()).isEqualTo(8000));
        assertThat(healed.manifest()).isEqualTo(desired.manifest());
        assertThat(diff(desired, applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void aHandEditedServicePortIsDriftNamingThePort() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME)
                .edit(s -> { s.getSpec().getPorts().get(0).setPort(9000); return s; });

        assertThat(render(diff(desired, applier.observe(LLAMA).orElseThrow()))).containsExactly(
                "replace /objects/Service/search--llama \"Modified: /spec/ports/0/port is 9000, Sextant applies 8000\""
                        + " -> \"Synced\"");

        cluster.dispatcher.clearRequests();
        applier.apply(desired);

        // Service ports are a list merged by port: the edit made a port 9000 item that its editor owns, and
        // server-side apply (here as in Kubernetes) adds Sextant's 8000 back beside it, never removing it.
        assertThat(cluster.dispatcher.writes()).singleElement().asString().startsWith(SERVICE_APPLY);
        assertThat(cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).get().getSpec().getPorts())
                .extracting(port -> port.getPort()).containsExactly(9000, 8000);
    }

    @Test
    void aHandEditedSelectorIsDriftAndIsRestored() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME)
                .edit(s -> { s.getSpec().getSelector().put("sextant.io/name", "llama-v2"); return s; });

        List<FieldChange> drift = diff(desired, applier.observe(LLAMA).orElseThrow());
        assertThat(drift).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("/objects/Service/search--llama");
            assertThat(change.from().asString())
                    .isEqualTo("Modified: /spec/selector/sextant.io~1name is \"llama-v2\", Sextant applies \"llama\"");
        });

        cluster.dispatcher.clearRequests();
        applier.apply(desired);

        // The edit made its writer the owner of the selector entry: the apply conflicts and is sent again with force.
        assertThat(cluster.dispatcher.writes()).hasSize(2).allMatch(w -> w.startsWith(SERVICE_APPLY))
                .extracting(w -> w.contains("force=true")).containsExactly(false, true);
        assertThat(cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).get().getSpec().getSelector())
                .containsEntry("sextant.io/name", "llama");
        assertThat(diff(desired, applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void anHpaDeletedByHandIsDriftAndReapplyingRestoresItWithOneApply() throws Exception {
        DesiredResource desired = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4, targetConcurrency: 32}");
        applier.apply(desired);
        cluster.kubectl.autoscaling().v2().horizontalPodAutoscalers().inNamespace(CrudCluster.NS).withName(NAME).delete();

        assertThat(render(diff(desired, applier.observe(LLAMA).orElseThrow()))).containsExactly(
                "add /spec/autoscaling null -> {\"minReplicas\":1,\"maxReplicas\":4,\"targetConcurrency\":32}");

        cluster.dispatcher.clearRequests();
        applier.apply(desired);

        assertThat(cluster.dispatcher.writes()).singleElement().asString().startsWith(HPA_APPLY);
        assertThat(cluster.get(KubeKind.HPA, NAME)).isNotNull();
        assertThat(diff(desired, applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void anHpaRetargetedByHandIsDriftOfTheHpa() throws Exception {
        DesiredResource desired = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4}");
        applier.apply(desired);
        cluster.kubectl.autoscaling().v2().horizontalPodAutoscalers().inNamespace(CrudCluster.NS).withName(NAME)
                .edit(h -> { h.getSpec().getScaleTargetRef().setName("other"); return h; });

        assertThat(render(diff(desired, applier.observe(LLAMA).orElseThrow()))).containsExactly(
                "replace /objects/HorizontalPodAutoscaler/search--llama \"Modified: /spec/scaleTargetRef/name is"
                        + " \\\"other\\\", Sextant applies \\\"search--llama\\\"\" -> \"Synced\"");

        cluster.dispatcher.clearRequests();
        applier.apply(desired);

        assertThat(cluster.dispatcher.writes()).hasSize(2).allMatch(w -> w.startsWith(HPA_APPLY))
                .extracting(w -> w.contains("force=true")).containsExactly(false, true);
        assertThat(diff(desired, applier.observe(LLAMA).orElseThrow())).isEmpty();
    }

    @Test
    void fieldsTheServerDefaultsOrOtherManagersAddAreNotDriftAndAreNotWritten() throws Exception {
        DesiredResource desired = KubeSpecs.llama("llama", "autoscaling: {minReplicas: 1, maxReplicas: 4}");
        applier.apply(desired);
        cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).edit(s -> {
            s.getSpec().setClusterIP("10.96.12.34");
            s.getSpec().setType("ClusterIP");
            s.getSpec().setSessionAffinity("None");
            s.getSpec().getPorts().add(0, new ServicePortBuilder().withName("metrics").withPort(9090)
                    .withTargetPort(new IntOrString(9090)).withProtocol("TCP").build());
            s.getMetadata().getAnnotations().put("prometheus.io/scrape", "true");
            s.getMetadata().getLabels().put("team", "search");
            return s;
        });
        cluster.kubectl.autoscaling().v2().horizontalPodAutoscalers().inNamespace(CrudCluster.NS).withName(NAME)
                .edit(h -> { h.getMetadata().getAnnotations().put("owner", "platform"); return h; });
        cluster.dispatcher.clearRequests();

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();
        applier.apply(desired);

        assertThat(diff(desired, observed)).isEmpty();
        assertThat(observed.manifest().has(ObservedResource.OBJECTS)).isFalse();
        assertThat(cluster.dispatcher.writes()).isEmpty();
    }

    private static List<FieldChange> diff(DesiredResource desired, ObservedResource observed) {
        return DRIFT.diff("kubernetes", desired.key(), desired.manifest(), observed.manifest());
    }

    private static List<String> render(List<FieldChange> changes) {
        return changes.stream().map(c -> c.op() + " " + c.path() + " " + c.from() + " -> " + c.value()).toList();
    }
}
