package io.sextant.appliers.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Kubernetes objects as JSON trees: skeletons with Sextant's metadata, and reading them back. */
final class KubeJson {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private KubeJson() {
    }

    /**
     * An object with apiVersion, kind and metadata; {@code manifest}, when given, is recorded as the
     * annotation that observe rebuilds the Sextant manifest from.
     */
    static ObjectNode object(KubeKind kind, String name, String namespace, Map<String, String> labels, JsonNode manifest) {
        ObjectNode object = JSON.objectNode().put("apiVersion", kind.apiVersion()).put("kind", kind.kind());
        ObjectNode metadata = object.putObject("metadata").put("name", name).put("namespace", namespace);
        metadata.set("labels", strings(labels));
        if (manifest != null) {
            metadata.putObject("annotations").put(KubeNames.MANIFEST, JsonMapper.shared().writeValueAsString(manifest));
        }
        return object;
    }

    /**
     * The object with a hash of its own content in the {@value KubeNames#APPLIED} annotation: a subset
     * check alone cannot see a field that is no longer desired but still live.
     */
    static ObjectNode stamped(ObjectNode object) {
        ObjectNode copy = object.deepCopy();
        String hash = KubeNames.hash(JsonMapper.shared().writeValueAsString(object), 16);
        JsonNode annotations = copy.path("metadata").path("annotations");
        ObjectNode into = annotations instanceof ObjectNode existing ? existing
                : ((ObjectNode) copy.get("metadata")).putObject("annotations");
        into.put(KubeNames.APPLIED, hash);
        return copy;
    }

    static ObjectNode strings(Map<String, String> values) {
        ObjectNode node = JSON.objectNode();
        values.forEach(node::put);
        return node;
    }

    static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
        return labels;
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asString("");
    }

    /** The Sextant manifest recorded on a live object, when it is there and readable. */
    static Optional<ObjectNode> recordedManifest(JsonNode object) {
        JsonNode text = object.path("metadata").path("annotations").path(KubeNames.MANIFEST);
        if (!text.isString()) {
            return Optional.empty();
        }
        try {
            JsonNode manifest = JsonMapper.shared().readTree(text.asString());
            return manifest instanceof ObjectNode node ? Optional.of(node) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** A whole number from a field Kubernetes writes as a number or, for quantities, as a string. */
    static Optional<Integer> integer(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Optional.of(node.asInt());
        }
        if (node.isString() && node.asString().matches("\\d{1,9}")) {
            return Optional.of(Integer.parseInt(node.asString()));
        }
        return Optional.empty();
    }
}
