package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A hand edit to any field Sextant sets on a Deployment, InferenceService or HTTPRoute (args, probes, labels,
 * backendRefs) is drift, and re-applying (what self-heal does) restores it; what the API server defaults is
 * not drift and is never written back.
 */
class KubernetesFieldDriftTest {

    private static final String NAME = "search--llama";
    private static final DriftDetector DRIFT = DriftDetector.withDefaults();

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("gateway", "infra/public"));

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void handEditedArgsOfADeploymentAreDriftAndReapplyingRestoresThem() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        List<String> applied = container().getArgs();
        editContainer(c -> { c.setArgs(List.of("--max-model-len", "1024")); return c; });

        List<FieldChange> drift = diff(desired, applier.observe(desired.key()).orElseThrow());
        assertThat(drift).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("/objects/Deployment/" + NAME);
            assertThat(change.from().asString()).startsWith("Modified: /spec/template/spec/containers/0/args is");
        });

        applier.apply(desired);

        assertThat(container().getArgs()).isEqualTo(applied);
        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).isEmpty();
    }

    @Test
    void aHandEditedReadinessProbeIsDriftNamingTheField() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        editContainer(c -> { c.getReadinessProbe().getHttpGet().setPath("/ping"); return c; });

        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).singleElement()
                .satisfies(change -> assertThat(change.from().asString()).isEqualTo("Modified: "
                        + "/spec/template/spec/containers/0/readinessProbe/httpGet/path is \"/ping\", Sextant applies \"/health\""));

        applier.apply(desired);

        assertThat(container().getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).isEmpty();
    }

    @Test
    void aRemovedManagementLabelIsDriftAndIsRestored() throws Exception {
        DesiredResource desired = KubeSpecs.llama(1);
        applier.apply(desired);
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME)
                .edit(d -> { d.getSpec().getTemplate().getMetadata().getLabels().put("sextant.io/name", "x"); return d; });

        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).singleElement()
                .satisfies(change -> assertThat(change.from().asString())
                        .contains("/spec/template/metadata/labels/sextant.io~1name is \"x\""));

        applier.apply(desired);

        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).isEmpty();
    }

    @Test
    void fieldsTheServerDefaultsAreNotDriftAndNothingIsWritten() throws Exception {
        DesiredResource desired = KubeSpecs.llama(2);
        applier.apply(desired);
        // What the API server's defaulting adds to a Deployment and a Service, as a real cluster returns them.
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).edit(d -> {
            d.getSpec().setRevisionHistoryLimit(10);
            d.getSpec().setProgressDeadlineSeconds(600);
            d.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
            d.getSpec().getTemplate().getSpec().setDnsPolicy("ClusterFirst");
            d.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(30L);
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            c.setTerminationMessagePath("/dev/termination-log");
            c.setTerminationMessagePolicy("File");
            c.setImagePullPolicy("IfNotPresent");
            c.getReadinessProbe().setTimeoutSeconds(1);
            c.getReadinessProbe().setSuccessThreshold(1);
            c.getReadinessProbe().getHttpGet().setScheme("HTTP");
            return d;
        });
        cluster.kubectl.services().inNamespace(CrudCluster.NS).withName(NAME).edit(s -> {
            s.getSpec().setSessionAffinity("None");
            s.getSpec().setType("ClusterIP");
            s.getSpec().setInternalTrafficPolicy("Cluster");
            return s;
        });
        cluster.dispatcher.clearRequests();

        ObservedResource observed = applier.observe(desired.key()).orElseThrow();
        applier.apply(desired);

        assertThat(observed.manifest().has(ObservedResource.OBJECTS)).isFalse();
        assertThat(diff(desired, observed)).isEmpty();
        assertThat(cluster.dispatcher.writes()).isEmpty();
    }

    @Test
    void aHandEditedBackendRefPortOfAnHttpRouteIsDriftAndIsRestored() throws Exception {
        DesiredResource desired = KubeSpecs.route("llama", "100");
        applier.apply(desired);
        cluster.kubectl.genericKubernetesResources(KubeKind.HTTP_ROUTE.context()).inNamespace(CrudCluster.NS)
                .withName("search--chat").edit(route -> {
                    List<Map<String, Object>> backends = route.get("spec", "rules", 0, "backendRefs");
                    backends.get(0).put("port", 9000);
                    return route;
                });

        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).singleElement()
                .satisfies(change -> {
                    assertThat(change.path()).isEqualTo("/objects/HTTPRoute/search--chat");
                    assertThat(change.from().asString()).isEqualTo(
                            "Modified: /spec/rules/0/backendRefs/0/port is 9000, Sextant applies 8000");
                });

        applier.apply(desired);

        assertThat(diff(desired, applier.observe(desired.key()).orElseThrow())).isEmpty();
    }

    @Test
    void handEditedArgsOfAnInferenceServicePredictorAreDriftAndAreRestored() throws Exception {
        try (KubernetesApplier kserve = cluster.applier(Map.of("flavor", "kserve"))) {
            DesiredResource desired = KubeSpecs.llama(1);
            kserve.apply(desired);
            cluster.kubectl.genericKubernetesResources(KubeKind.INFERENCE_SERVICE.context()).inNamespace(CrudCluster.NS)
                    .withName(NAME).edit(isvc -> {
                        List<Map<String, Object>> containers = isvc.get("spec", "predictor", "containers");
                        List<Object> args = new ArrayList<>((List<?>) containers.get(0).get("args"));
                        args.add("--enable-prefix-caching");
                        containers.get(0).put("args", args);
                        return isvc;
                    });

            assertThat(diff(desired, kserve.observe(desired.key()).orElseThrow())).singleElement()
                    .satisfies(change -> {
                        assertThat(change.path()).isEqualTo("/objects/InferenceService/" + NAME);
                        assertThat(change.from().asString()).startsWith("Modified: /spec/predictor/containers/0/args is");
                    });

            kserve.apply(desired);

            assertThat(diff(desired, kserve.observe(desired.key()).orElseThrow())).isEmpty();
        }
    }

    private Container container() {
        return cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private void editContainer(UnaryOperator<Container> edit) {
        cluster.kubectl.apps().deployments().inNamespace(CrudCluster.NS).withName(NAME).edit(d -> {
            edit.apply(d.getSpec().getTemplate().getSpec().getContainers().get(0));
            return d;
        });
    }

    private static List<FieldChange> diff(DesiredResource desired, ObservedResource observed) {
        return DRIFT.diff("kubernetes", desired.key(), desired.manifest(), observed.manifest());
    }
}
