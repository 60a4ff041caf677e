package io.sextant.drift.api;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.IgnoreRule;
import static io.sextant.drift.api.DriftDetectorTest.MD;
import static io.sextant.drift.api.DriftDetectorTest.ROUTE;
import static io.sextant.drift.api.DriftDetectorTest.json;
import static io.sextant.drift.api.DriftDetectorTest.md;
import static io.sextant.drift.api.DriftDetectorTest.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IgnoreRulesTest {

    static Stream<Arguments> ignoreRules() {
        String routeDesired = "{\"kind\":\"InferenceRoute\",\"spec\":{\"modelName\":\"chat\",\"targets\":"
                + "[{\"deployment\":\"a\",\"weight\":90},{\"deployment\":\"b\",\"weight\":10}]}}";
        String routeLive = "{\"kind\":\"InferenceRoute\",\"spec\":{\"modelName\":\"chat2\",\"targets\":"
                + "[{\"deployment\":\"a\",\"weight\":50},{\"deployment\":\"b\",\"weight\":50}]}}";
        String labelled = md("{}").replace("\"namespace\":\"search\"",
                "\"namespace\":\"search\",\"labels\":{\"tier\":\"prod\"}");
        return Stream.of(
                Arguments.of("exact pointer for any kind and backend", new IgnoreRule(null, null, "/spec/replicas"),
                        MD, "sim", md("{\"replicas\":3}"), md("{\"replicas\":2}"), List.of()),
                Arguments.of("rule for another kind does not apply",
                        new IgnoreRule(LoraAdapter.KIND, null, "/spec/replicas"),
                        MD, "sim", md("{\"replicas\":3}"), md("{\"replicas\":2}"),
                        List.of("replace /spec/replicas 2 -> 3")),
                Arguments.of("rule for the backend type applies",
                        new IgnoreRule(ModelDeployment.KIND, "kubernetes", "/spec/replicas"),
                        MD, "kubernetes", md("{\"replicas\":3}"), md("{\"replicas\":2}"), List.of()),
                Arguments.of("rule for another backend type does not apply",
                        new IgnoreRule(null, "kubernetes", "/spec/replicas"),
                        MD, "sim", md("{\"replicas\":3}"), md("{\"replicas\":2}"),
                        List.of("replace /spec/replicas 2 -> 3")),
                Arguments.of("an exact pointer covers the field's children",
                        new IgnoreRule(null, null, "/spec/runtime"), MD, "sim",
                        md("{\"runtime\":{\"image\":\"a\"}}"), md("{\"runtime\":{\"image\":\"b\",\"env\":{\"X\":\"1\"}}}"),
                        List.of()),
                Arguments.of("a /* pointer ignores every child, and so the emptied parent",
                        new IgnoreRule(null, null, "/metadata/labels/*"), MD, "sim", labelled, md("{}"), List.of()),
                Arguments.of("a * segment matches every array element",
                        new IgnoreRule(InferenceRoute.KIND, null, "/spec/targets/*/weight"), ROUTE, "sim",
                        routeDesired, routeLive, List.of("replace /spec/modelName \"chat2\" -> \"chat\"")),
                Arguments.of("pointers are unescaped before matching",
                        new IgnoreRule(null, null, "/spec/runtime/env/a~1b"), MD, "sim",
                        md("{\"replicas\":1,\"runtime\":{\"env\":{\"a/b\":\"1\",\"c\":\"2\"}}}"), md("{\"replicas\":1}"),
                        List.of("add /spec/runtime null -> {\"env\":{\"c\":\"2\"}}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoreRules")
    void leavesOutIgnoredFields(String name, IgnoreRule rule, ResourceKey key, String backendType,
                                String desired, String observed, List<String> expected) {
        DriftDetector detector = new DriftDetector(List.of(rule), Map.of());
        assertThat(render(detector.diff(backendType, key, json(desired), json(observed))))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theAutoscalerOwnsReplicasOfAnAutoscaledDeployment() {
        DriftDetector detector = DriftDetector.withDefaults();
        String autoscaled = md("{\"replicas\":1,\"autoscaling\":{\"minReplicas\":1,\"maxReplicas\":4}}");
        String scaledUp = md("{\"replicas\":3,\"autoscaling\":{\"minReplicas\":1,\"maxReplicas\":4}}");
        assertThat(detector.diff("sim", MD, json(autoscaled), json(scaledUp))).isEmpty();

        assertThat(detector.diff("sim", MD, json(autoscaled), null)).as("a create sets the initial count")
                .extracting(FieldChange::value).last().isEqualTo(json(autoscaled).get("spec"));
        assertThat(render(detector.diff("sim", MD, json(md("{\"replicas\":1}")), json(md("{\"replicas\":3}")))))
                .containsExactly("replace /spec/replicas 3 -> 1");
        assertThat(render(detector.diff("sim", MD, json(autoscaled),
                json(md("{\"replicas\":3,\"autoscaling\":{\"minReplicas\":2,\"maxReplicas\":4}}")))))
                .containsExactly("replace /spec/autoscaling/minReplicas 2 -> 1");
    }
}
