package io.sextant.spec.api;

import io.sextant.spec.SpecLoader;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.PluginApi;
import io.sextant.plugin.Resource;
import io.sextant.plugin.SextantPlugin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A kind serving two apiVersions: a document in the older one is checked against that version's schema,
 * converted to the stored version and bound, with a deprecation warning at its apiVersion line.
 */
class VersionedKindTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** {@code Banner}: v1 writes {@code spec.message}; v1beta1 wrote it {@code spec.text}. */
    record Banner(Metadata metadata, String message) implements Resource {
        @Override
        public Kind kind() {
            return Kind.of("Banner");
        }
    }

    static final class BannerKind implements KindDefinition {

        @Override
        public String kind() {
            return "Banner";
        }

        @Override
        public List<String> apiVersions() {
            return List.of("testing.sextant.io/v1", "testing.sextant.io/v1beta1");
        }

        @Override
        public Optional<String> deprecation(String apiVersion) {
            return apiVersion.endsWith("v1beta1")
                    ? Optional.of(apiVersion + " is deprecated: use testing.sextant.io/v1 (spec.text is now spec.message)")
                    : Optional.empty();
        }

        @Override
        public ObjectNode convert(String apiVersion, ObjectNode document) {
            ObjectNode spec = (ObjectNode) document.get("spec");
            if (spec.path("text").asString().equals("boom")) {
                throw new IllegalStateException("cannot convert 'boom'");
            }
            spec.set("message", spec.remove("text"));
            return document.put("apiVersion", "testing.sextant.io/v1");
        }

        @Override
        public JsonNode schema(String apiVersion) {
            String field = apiVersion.endsWith("v1beta1") ? "text" : "message";
            return JSON.readTree("""
                    {"type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
                     "properties": {"apiVersion": {"const": "%s"}, "kind": {"const": "Banner"},
                       "metadata": {"type": "object", "required": ["name"]},
                       "spec": {"type": "object", "required": ["%s"], "additionalProperties": false,
                                "properties": {"%s": {"type": "string"}}}}}
                    """.formatted(apiVersion, field, field, field));
        }

        @Override
        public Class<Banner> type() {
            return Banner.class;
        }

        @Override
        public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
            return new Banner(metadata, spec.path("message").asString());
        }

        @Override
        public JsonNode spec(Resource resource) {
            return JsonNodeFactory.instance.objectNode().put("message", type().cast(resource).message());
        }

        @Override
        public int applyOrder() {
            return 400;
        }
    }

    private record Plugin() implements SextantPlugin {
        @Override
        public String name() {
            return "banner";
        }

        @Override
        public int apiVersion() {
            return PluginApi.VERSION;
        }

        @Override
        public List<KindDefinition> kinds() {
            return List.of(new BannerKind());
        }
    }

    private final SpecLoader loader = new SpecLoader(Kinds.builtIn().with(List.of(new Plugin())));

    private LoadResult load(String yaml) {
        return loader.load("banner.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anOlderVersionIsConvertedToTheStoredOneWithADeprecationWarning() {
        LoadResult result = load("""
                apiVersion: testing.sextant.io/v1beta1
                kind: Banner
                metadata: {name: hello}
                spec: {text: hi}
                """);

        assertThat(result.errors()).isEmpty();
        assertThat(((Banner) result.documents().get(0).resource()).message()).isEqualTo("hi");
        assertThat(result.documents().get(0).manifest().toString()).isEqualTo("{\"apiVersion\":\"testing.sextant.io/v1\","
                + "\"kind\":\"Banner\",\"metadata\":{\"name\":\"hello\",\"namespace\":\"default\"},\"spec\":{\"message\":\"hi\"}}");
        assertThat(result.warnings()).extracting(Object::toString).containsExactly("banner.yaml:1: apiVersion: "
                + "testing.sextant.io/v1beta1 is deprecated: use testing.sextant.io/v1 (spec.text is now spec.message)");
    }

    @Test
    void eachVersionIsCheckedAgainstItsOwnSchema() {
        LoadResult result = load("""
                apiVersion: testing.sextant.io/v1beta1
                kind: Banner
                metadata: {name: hello}
                spec: {message: hi}
                """);

        assertThat(result.errors()).extracting(Object::toString)
                .contains("banner.yaml:4: spec.text: is required");
    }

    @Test
    void anUnservedVersionNamesTheCurrentOnesNotTheDeprecated() {
        assertThat(load("apiVersion: testing.sextant.io/v2\nkind: Banner\nmetadata: {name: x}\nspec: {}\n").errors())
                .extracting(Object::toString).first().isEqualTo("banner.yaml:1: apiVersion: unsupported apiVersion "
                        + "'testing.sextant.io/v2' (expected testing.sextant.io/v1)");
    }

    @Test
    void aPluginThatFailsOnADocumentRefusesThatDocumentWithItsReason() {
        LoadResult result = load("""
                apiVersion: testing.sextant.io/v1beta1
                kind: Banner
                metadata: {name: hello}
                spec: {text: boom}
                """);

        assertThat(result.documents()).isEmpty();
        assertThat(result.errors()).extracting(Object::toString)
                .containsExactly("banner.yaml:1: kind Banner cannot read this document: cannot convert 'boom'");
    }
}
