package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.InferenceRoute;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Resource;
import io.sextant.spec.api.Kinds;
import tools.jackson.databind.node.ObjectNode;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** InferenceRoutes as Gateway API HTTPRoutes with weighted backendRefs. */
class KubernetesRouteTest {

    private static final ResourceKey CHAT = new ResourceKey(InferenceRoute.KIND, "search", "chat");

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("gateway", "gateway-system/inference"));

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void weightsGoToTheTargetDeploymentsServices() throws Exception {
        applier.apply(KubeSpecs.route("llama", "90", "llama-v2", "10"));

        var route = cluster.get(KubeKind.HTTP_ROUTE, "search--chat");
        assertThat(route.getApiVersion()).isEqualTo("gateway.networking.k8s.io/v1");
        assertThat(route.<List<Object>>get("spec", "parentRefs"))
                .containsExactly(Map.of("name", "inference", "namespace", "gateway-system"));
        Map<String, Object> rule = route.get("spec", "rules", 0);
        assertThat(rule.get("matches")).isEqualTo(List.of(Map.of("headers", List.of(
                Map.of("type", "Exact", "name", "X-Gateway-Model-Name", "value", "chat")))));
        assertThat(rule.get("backendRefs")).isEqualTo(List.of(
                Map.of("name", "search--llama", "port", 8000, "weight", 90),
                Map.of("name", "search--llama-v2", "port", 8000, "weight", 10)));
    }

    @Test
    void observeRoundTripsAndALiveWeightChangeShowsAsDrift() throws Exception {
        DesiredResource desired = KubeSpecs.route("llama", "90", "llama-v2", "10");
        applier.apply(desired);
        assertThat(diff(desired)).isEmpty();

        cluster.kubectl.genericKubernetesResources(KubeKind.HTTP_ROUTE.context()).inNamespace(CrudCluster.NS)
                .withName("search--chat").edit(route -> {
                    List<Map<String, Object>> backends = route.get("spec", "rules", 0, "backendRefs");
                    backends.get(0).put("weight", 50);
                    backends.get(1).put("weight", 50);
                    return route;
                });

        assertThat(diff(desired)).extracting(FieldChange::path)
                .containsExactly("/spec/targets/0/weight", "/spec/targets/1/weight");
    }

    @Test
    void aNewWeightSplitIsOneWriteAndTheSameSplitNone() throws Exception {
        applier.apply(KubeSpecs.route("llama", "90", "llama-v2", "10"));
        cluster.dispatcher.clearRequests();

        applier.apply(KubeSpecs.route("llama", "50", "llama-v2", "50"));
        assertThat(cluster.dispatcher.writes()).hasSize(1);

        cluster.dispatcher.clearRequests();
        applier.apply(KubeSpecs.route("llama", "50", "llama-v2", "50"));
        assertThat(cluster.dispatcher.writes()).isEmpty();
    }

    @Test
    void aRolloutsShiftedRouteSplitsTheDeploymentsWeightBetweenItsServiceAndTheCanarysAndRoundTrips()
            throws Exception {
        DesiredResource git = KubeSpecs.route("llama", "90", "llama-v2", "10");
        KindDefinition routes = Kinds.builtIn().definition(InferenceRoute.KIND);
        Resource shifted = routes.shiftTraffic(git.resource(), "llama", "llama--canary", 20).orElseThrow();
        ObjectNode manifest = (ObjectNode) git.manifest().deepCopy();
        manifest.set("spec", routes.spec(shifted));
        DesiredResource desired = new DesiredResource(shifted, manifest, git.revision());

        applier.apply(desired);

        Map<String, Object> rule = cluster.get(KubeKind.HTTP_ROUTE, "search--chat").get("spec", "rules", 0);
        assertThat(rule.get("backendRefs")).isEqualTo(List.of(
                Map.of("name", "search--llama", "port", 8000, "weight", 72),
                Map.of("name", "search--llama--canary", "port", 8000, "weight", 18),
                Map.of("name", "search--llama-v2", "port", 8000, "weight", 10)));
        assertThat(diff(desired)).as("the rollout's drift check sees its own split as in place").isEmpty();
        assertThat(diff(git)).as("and a plain drift scan would see it as a change").isNotEmpty();
    }

    @Test
    void healthIsTheGatewaysVerdict() throws Exception {
        applier.apply(KubeSpecs.route("llama", "100"));
        assertThat(applier.observe(CHAT).orElseThrow().health()).isEqualTo(Health.PROGRESSING);

        setParentStatus("False", "BackendNotFound", "Service \"search--llama\" not found");
        ObservedResource broken = applier.observe(CHAT).orElseThrow();
        assertThat(broken.health()).isEqualTo(Health.DEGRADED);
        assertThat(broken.message()).isEqualTo("Gateway inference: ResolvedRefs=False: BackendNotFound: "
                + "Service \"search--llama\" not found");

        setParentStatus("True", "ResolvedRefs", "");
        assertThat(applier.observe(CHAT).orElseThrow().health()).isEqualTo(Health.HEALTHY);
    }

    @Test
    void aRouteWithoutAGatewaySettingIsDegradedAndSaysWhy() throws Exception {
        try (KubernetesApplier detached = cluster.applier(Map.of())) {
            detached.apply(KubeSpecs.route("llama", "100"));
            ObservedResource observed = detached.observe(CHAT).orElseThrow();
            assertThat(observed.health()).isEqualTo(Health.DEGRADED);
            assertThat(observed.message()).contains("set 'gateway' on the backend");
        }
    }

    private void setParentStatus(String resolved, String reason, String message) {
        cluster.kubectl.genericKubernetesResources(KubeKind.HTTP_ROUTE.context()).inNamespace(CrudCluster.NS)
                .withName("search--chat").editStatus(route -> {
                    route.setAdditionalProperty("status", Map.of("parents", List.of(Map.of(
                            "parentRef", Map.of("name", "inference", "namespace", "gateway-system"),
                            "controllerName", "example.com/gateway-controller",
                            "conditions", List.of(Map.of("type", "Accepted", "status", "True", "reason", "Accepted"),
                                    Map.of("type", "ResolvedRefs", "status", resolved, "reason", reason, "message", message))))));
                    return route;
                });
    }

    private List<FieldChange> diff(DesiredResource desired) throws Exception {
        return DriftDetector.withDefaults().diff("kubernetes", CHAT, desired.manifest(),
                applier.observe(CHAT).orElseThrow().manifest());
    }
}
