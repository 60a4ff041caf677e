package io.sextant.examples.modelcache;

import io.sextant.plugin.BackendName;
import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The definition of {@code ModelCache}: everything the engine knows about the kind. Its schema checks the
 * shape (with errors at file, line and field); {@link #bind} turns a document into the typed record;
 * {@link #spec} writes the normalised form that drift detection compares.
 */
final class ModelCacheKind implements KindDefinition {

    static final String V1ALPHA1 = "sextant.io/v1alpha1";

    private static final JsonNode SCHEMA = readSchema("schemas/modelcache.schema.json");

    @Override
    public String kind() {
        return ModelCache.KIND.name();
    }

    @Override
    public List<String> apiVersions() {
        return List.of(V1ALPHA1);
    }

    @Override
    public JsonNode schema(String apiVersion) {
        return SCHEMA;
    }

    @Override
    public Class<ModelCache> type() {
        return ModelCache.class;
    }

    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        String size = spec.path("size").asString("");
        OptionalLong bytes = Sizes.bytes(size);
        if (bytes.isEmpty() || bytes.getAsLong() == 0) {
            // The schema checks the spelling; what it cannot say is that a cache of nothing is a mistake.
            context.problem("spec.size", "must be a size above zero, such as 16Gi, got '" + size + "'");
        }
        Map<String, String> selector = new TreeMap<>();
        spec.path("nodeSelector").properties().forEach(e -> selector.put(e.getKey(), e.getValue().asString()));
        JsonNode model = spec.path("model");
        return new ModelCache(metadata, new ModelCache.Spec(spec.path("backend").asString(""),
                model.path("uri").asString(""), model.path("revision").asString(""), size, bytes.orElse(0), selector));
    }

    @Override
    public JsonNode spec(Resource resource) {
        ModelCache.Spec spec = type().cast(resource).spec();
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("backend", spec.backend());
        ObjectNode model = node.putObject("model").put("uri", spec.modelUri());
        if (!spec.revision().isEmpty()) {
            model.put("revision", spec.revision());
        }
        node.put("size", spec.size());
        if (!spec.nodeSelector().isEmpty()) {
            ObjectNode selector = node.putObject("nodeSelector");
            spec.nodeSelector().forEach(selector::put);
        }
        return node;
    }

    @Override
    public Optional<BackendName> backend(Resource resource) {
        return Optional.of(new BackendName("spec.backend", type().cast(resource).spec().backend()));
    }

    /** Before the deployments (100), which is the point: the weights are on the nodes when replicas start. */
    @Override
    public int applyOrder() {
        return 50;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("Model", "/spec/model/uri"), new Column("Size", "/spec/size"));
    }

    /** Such as {@code 16Gi of hf://meta-llama/Llama-3.1-8B-Instruct}, from the normalised manifest. */
    @Override
    public String summary(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        return spec.path("size").asString("") + " of " + spec.path("model").path("uri").asString("");
    }

    @Override
    public String noun() {
        return "model cache";
    }

    private static JsonNode readSchema(String resource) {
        try (InputStream in = ModelCacheKind.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the plugin jar");
            }
            return JsonMapper.builder().build().readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
