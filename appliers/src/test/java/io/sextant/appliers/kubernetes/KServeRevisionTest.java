package io.sextant.appliers.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The revision a KServe InferenceService serves. KServe's status reports no model revision (conditions, URL,
 * Knative revisions of its components, model state), so the live predictor says it: the {@code --revision}
 * its container runs with. Sextant sends the spec's pin there, so it is only news when changed live.
 */
class KServeRevisionTest {

    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");

    private final CrudCluster cluster = new CrudCluster();
    private final KubernetesApplier applier = cluster.applier(Map.of("flavor", "kserve"));

    @AfterEach
    void close() {
        applier.close();
        cluster.close();
    }

    @Test
    void anUntouchedPredictorReportsNothingBeyondThePin() throws Exception {
        DesiredResource desired = KubeSpecs.llama(1);
        applier.apply(desired);

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();

        assertThat(observed.manifest()).isEqualTo(desired.manifest());
        assertThat(containerArgs()).containsSequence("--revision", "0e9e39f");
    }

    @Test
    void aPredictorRunningAnotherCommitIsDriftOfTheRevision() throws Exception {
        DesiredResource desired = KubeSpecs.llama(1);
        applier.apply(desired);
        setRevision("main");

        ObservedResource observed = applier.observe(LLAMA).orElseThrow();

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).asString()).as("what the pods load")
                .isEqualTo("main");
        assertThat(diff(desired, observed)).singleElement().satisfies(change -> {
            assertThat(change.path()).isEqualTo("/spec/model/revision");
            assertThat(change.from().asString()).isEqualTo("main");
            assertThat(change.value().asString()).isEqualTo("0e9e39f");
        });
    }

    private static List<FieldChange> diff(DesiredResource desired, ObservedResource observed) {
        return DriftDetector.withDefaults().diff("kubernetes", LLAMA, desired.manifest(), observed.manifest());
    }

    private List<String> containerArgs() {
        List<Map<String, Object>> containers = cluster.get(KubeKind.INFERENCE_SERVICE, "search--llama")
                .get("spec", "predictor", "containers");
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) containers.get(0).get("args");
        return args;
    }

    /** What {@code kubectl edit} of the predictor's {@code --revision} argument does. */
    @SuppressWarnings("unchecked")
    private void setRevision(String revision) {
        cluster.kubectl.genericKubernetesResources(KubeKind.INFERENCE_SERVICE.context()).inNamespace(CrudCluster.NS)
                .withName("search--llama").edit(isvc -> {
                    Map<String, Object> predictor = (Map<String, Object>) ((Map<String, Object>) isvc
                            .getAdditionalProperties().get("spec")).get("predictor");
                    Map<String, Object> container = ((List<Map<String, Object>>) predictor.get("containers")).get(0);
                    List<String> args = new ArrayList<>((List<String>) container.get("args"));
                    args.set(args.indexOf("--revision") + 1, revision);
                    container.put("args", args);
                    return isvc;
                });
    }
}
