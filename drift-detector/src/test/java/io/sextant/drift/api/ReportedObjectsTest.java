package io.sextant.drift.api;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.IgnoreRule;
import static io.sextant.drift.api.DriftDetectorTest.MD;
import static io.sextant.drift.api.DriftDetectorTest.json;
import static io.sextant.drift.api.DriftDetectorTest.md;
import static io.sextant.drift.api.DriftDetectorTest.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend objects a live manifest reports out of step are drift of the resource, object by object. */
class ReportedObjectsTest {

    private static final DriftDetector DETECTOR = DriftDetector.withDefaults();

    private static String withObjects(String manifest, String objects) {
        return manifest.substring(0, manifest.length() - 1) + ",\"objects\":" + objects + "}";
    }

    @Test
    void aMissingObjectIsAChangeOfThatObjectToSynced() {
        String live = withObjects(md("{\"replicas\":2}"), "{\"Service\":{\"search--llama\":\"Missing\"}}");

        assertThat(render(DETECTOR.diff("kubernetes", MD, json(md("{\"replicas\":2}")), json(live))))
                .containsExactly("replace /objects/Service/search--llama \"Missing\" -> \"Synced\"");
    }

    @Test
    void objectChangesAreOrderedByPathAmongFieldChanges() {
        String live = withObjects(md("{\"replicas\":5}"), "{\"Service\":{\"b\":\"Modified: /spec/ports/0/port is 9000\"},"
                + "\"HorizontalPodAutoscaler\":{\"a\":\"Missing\"}}");

        assertThat(DETECTOR.diff("kubernetes", MD, json(md("{\"replicas\":2}")), json(live)))
                .extracting(FieldChange::path).containsExactly("/objects/HorizontalPodAutoscaler/a",
                        "/objects/Service/b", "/spec/replicas");
    }

    @Test
    void anObjectReportedSyncedOrNoReportAtAllIsNoDrift() {
        String live = withObjects(md("{\"replicas\":2}"), "{\"Service\":{\"search--llama\":\"Synced\"},\"Deployment\":{}}");

        assertThat(DETECTOR.diff("kubernetes", MD, json(md("{\"replicas\":2}")), json(live))).isEmpty();
        assertThat(DETECTOR.diff("kubernetes", MD, json(md("{\"replicas\":2}")), json(md("{\"replicas\":2}")))).isEmpty();
    }

    @Test
    void objectsWrittenInGitAreNotDesiredState() {
        String desired = withObjects(md("{\"replicas\":2}"), "{\"Service\":{\"x\":\"Missing\"}}");

        assertThat(DETECTOR.diff("kubernetes", MD, json(desired), json(md("{\"replicas\":2}")))).isEmpty();
    }

    @Test
    void anIgnoreRuleCanLeaveAKindOfObjectToSomeoneElse() {
        DriftDetector detector = new DriftDetector(List.of(new IgnoreRule(ModelDeployment.KIND, "kubernetes",
                "/objects/HorizontalPodAutoscaler")), Map.of());
        String live = withObjects(md("{}"), "{\"HorizontalPodAutoscaler\":{\"a\":\"Missing\"},\"Service\":{\"a\":\"Missing\"}}");

        assertThat(detector.diff("kubernetes", MD, json(md("{}")), json(live))).extracting(FieldChange::path)
                .containsExactly("/objects/Service/a");
    }
}
