package io.sextant.drift.api;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.plugin.Normalizer;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class DriftDetectorTest {

    static final ResourceKey MD = new ResourceKey(ModelDeployment.KIND, "search", "llama");
    static final ResourceKey ROUTE = new ResourceKey(InferenceRoute.KIND, "search", "chat");

    /** A manifest with the given spec (JSON), in the shape the spec loader produces. */
    static String md(String spec) {
        return "{\"apiVersion\":\"sextant.io/v1\",\"kind\":\"ModelDeployment\","
                + "\"metadata\":{\"name\":\"llama\",\"namespace\":\"search\"},\"spec\":" + spec + "}";
    }

    static Stream<Arguments> diffs() {
        return Stream.of(
                Arguments.of("identical documents", md("{\"replicas\":2}"), md("{\"replicas\":2}"), List.of()),
                Arguments.of("changed scalar", md("{\"replicas\":3}"), md("{\"replicas\":2}"),
                        List.of("replace /spec/replicas 2 -> 3")),
                Arguments.of("field missing live", md("{\"replicas\":2,\"backend\":\"sim\"}"), md("{\"replicas\":2}"),
                        List.of("add /spec/backend null -> \"sim\"")),
                Arguments.of("field only live", md("{\"replicas\":2}"), md("{\"replicas\":2,\"extra\":{\"a\":1}}"),
                        List.of("remove /spec/extra {\"a\":1} -> null")),
                Arguments.of("nested objects are descended into",
                        md("{\"resources\":{\"gpu\":{\"type\":\"H100-80GB\",\"count\":2}}}"),
                        md("{\"resources\":{\"gpu\":{\"type\":\"H100-80GB\",\"count\":1}}}"),
                        List.of("replace /spec/resources/gpu/count 1 -> 2")),
                Arguments.of("keys with / and ~ are escaped",
                        md("{\"runtime\":{\"env\":{\"a/b\":\"1\",\"c~d\":\"2\"}}}"), md("{\"runtime\":{\"env\":{\"x\":\"0\"}}}"),
                        List.of("add /spec/runtime/env/a~1b null -> \"1\"", "add /spec/runtime/env/c~0d null -> \"2\"",
                                "remove /spec/runtime/env/x \"0\" -> null")),
                Arguments.of("null is the same as absent", md("{\"replicas\":2,\"autoscaling\":null}"),
                        md("{\"replicas\":2}"), List.of()),
                Arguments.of("empty object and array are the same as absent",
                        md("{\"replicas\":2,\"runtime\":{\"env\":{},\"args\":{}},\"dependsOn\":[]}"),
                        md("{\"replicas\":2}"), List.of()),
                Arguments.of("objects emptied by nulls are absent", md("{\"runtime\":{\"env\":{\"A\":null}}}"),
                        md("{}"), List.of()),
                Arguments.of("numbers compare by value", md("{\"replicas\":2,\"ratio\":0.50}"),
                        md("{\"replicas\":2.0,\"ratio\":0.5}"), List.of()),
                Arguments.of("a number is not its string", md("{\"replicas\":2}"), md("{\"replicas\":\"2\"}"),
                        List.of("replace /spec/replicas \"2\" -> 2")),
                Arguments.of("object replaced by scalar", md("{\"model\":\"x\"}"), md("{\"model\":{\"uri\":\"x\"}}"),
                        List.of("replace /spec/model {\"uri\":\"x\"} -> \"x\"")),
                Arguments.of("arrays of equal length are compared by index", md("{\"tags\":[\"a\",\"b\",\"c\"]}"),
                        md("{\"tags\":[\"a\",\"x\",\"c\"]}"), List.of("replace /spec/tags/1 \"x\" -> \"b\"")),
                Arguments.of("arrays of different length are replaced whole", md("{\"tags\":[\"a\",\"b\"]}"),
                        md("{\"tags\":[\"a\"]}"), List.of("replace /spec/tags [\"a\"] -> [\"a\",\"b\"]")),
                Arguments.of("fields outside the managed set are not drift",
                        md("{\"replicas\":2}"),
                        "{\"apiVersion\":\"sextant.io/v1\",\"kind\":\"ModelDeployment\",\"metadata\":{\"name\":\"llama\","
                                + "\"namespace\":\"search\",\"uid\":\"123\",\"annotations\":{\"a\":\"b\"}},"
                                + "\"spec\":{\"replicas\":2},\"status\":{\"ready\":1}}",
                        List.of()),
                Arguments.of("labels are managed",
                        md("{}").replace("\"namespace\":\"search\"", "\"namespace\":\"search\",\"labels\":{\"tier\":\"prod\"}"),
                        md("{}"), List.of("add /metadata/labels null -> {\"tier\":\"prod\"}")),
                Arguments.of("changes are ordered by path, segment by segment",
                        md("{\"z\":1,\"a\":{\"b\":1},\"a-b\":1,\"list\":[0,0,0,0,0,0,0,0,0,0,0,9]}"),
                        md("{\"list\":[0,0,1,0,0,0,0,0,0,0,0,0]}"),
                        List.of("add /spec/a null -> {\"b\":1}", "add /spec/a-b null -> 1",
                                "replace /spec/list/2 1 -> 0", "replace /spec/list/11 0 -> 9", "add /spec/z null -> 1")),
                Arguments.of("missing live resource adds every top-level field", md("{\"replicas\":1}"), null,
                        List.of("add /apiVersion null -> \"sextant.io/v1\"", "add /kind null -> \"ModelDeployment\"",
                                "add /metadata null -> {\"name\":\"llama\",\"namespace\":\"search\"}",
                                "add /spec null -> {\"replicas\":1}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("diffs")
    void reportsExactlyTheFieldsThatDiffer(String name, String desired, String observed, List<String> expected) {
        List<FieldChange> changes = DriftDetector.withDefaults()
                .diff("sim", MD, json(desired), observed == null ? null : json(observed));
        assertThat(render(changes)).containsExactlyElementsOf(expected);
    }

    @Test
    void intAndLongNodesAreTheSameNumber() {
        ObjectNode desired = (ObjectNode) json(md("{}"));
        desired.withObjectProperty("spec").put("replicas", 3);
        ObjectNode observed = (ObjectNode) json(md("{}"));
        observed.withObjectProperty("spec").put("replicas", 3L);
        assertThat(DriftDetector.withDefaults().diff("sim", MD, desired, observed)).isEmpty();
    }

    @Test
    void doesNotModifyItsArguments() {
        JsonNode desired = json(md("{\"replicas\":2,\"x\":null}"));
        JsonNode observed = json(md("{\"replicas\":3}"));
        JsonNode desiredBefore = desired.deepCopy();
        JsonNode observedBefore = observed.deepCopy();
        DriftDetector.withDefaults().diff("sim", MD, desired, observed);
        assertThat(desired).isEqualTo(desiredBefore);
        assertThat(observed).isEqualTo(observedBefore);
    }

    @Test
    void appliesTheNormalizerOfTheBackendTypeOnly() {
        // A backend that fills in its own image default: the field it owns is not drift there.
        Normalizer dropImage = (key, manifest) -> {
            ObjectNode copy = (ObjectNode) manifest.deepCopy();
            copy.withObjectProperty("spec").withObjectProperty("runtime").remove("image");
            return copy;
        };
        DriftDetector detector = new DriftDetector(List.of(), Map.of("triton", dropImage));
        JsonNode desired = json(md("{\"runtime\":{\"engine\":\"triton\"}}"));
        JsonNode observed = json(md("{\"runtime\":{\"engine\":\"triton\",\"image\":\"nvcr.io/triton:24.08\"}}"));

        assertThat(detector.diff("triton", MD, desired, observed)).isEmpty();
        assertThat(render(detector.diff("sim", MD, desired, observed)))
                .containsExactly("remove /spec/runtime/image \"nvcr.io/triton:24.08\" -> null");
    }

    @Test
    void aMissingLiveDocumentIsTheSameAsNull() {
        List<FieldChange> changes = DriftDetector.withDefaults()
                .diff("sim", MD, json(md("{}")), JsonNodeFactory.instance.nullNode());
        assertThat(changes).extracting(FieldChange::path).containsExactly("/apiVersion", "/kind", "/metadata");
    }

    static JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }

    static List<String> render(List<FieldChange> changes) {
        return changes.stream().map(c -> c.op() + " " + c.path() + " " + c.from() + " -> " + c.value()).toList();
    }
}
