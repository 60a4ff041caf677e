package io.sextant.spec.kinds;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reading and writing the built-in kinds' fields, shared so the three read and normalise alike. */
final class Json {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A schema shipped on the classpath, such as {@code schemas/sextant.io_v1/loraadapter.schema.json}. */
    static JsonNode schema(String resource) {
        try (InputStream in = Json.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is missing from the classpath");
            }
            return MAPPER.readTree(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }

    static List<ResourceKey> dependsOn(JsonNode node, BindContext context) {
        List<ResourceKey> keys = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            ResourceKey key = context.reference("spec.dependsOn[" + i + "]", node.get(i).asString());
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.forEachEntry((name, value) -> values.put(name, value.asString()));
        return values;
    }

    /** The secret reference {@code {secretRef: {name, key}}} at {@code node}, or null when absent. */
    static SecretRef secretRef(JsonNode node) {
        JsonNode ref = node.path("secretRef");
        return ref.isObject() ? new SecretRef(ref.path("name").asString(), ref.path("key").asString()) : null;
    }

    /** Writes {@code {secretRef: {name, key}}} under {@code field} when {@code ref} is set. */
    static void putSecretRef(ObjectNode node, String field, SecretRef ref) {
        if (ref != null) {
            node.putObject(field).putObject("secretRef").put("name", ref.name()).put("key", ref.key());
        }
    }

    static String optionalText(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asString() : null;
    }

    /** Argument values as the JSON types they were written as: Integer, Long, BigInteger, Double, Boolean or String. */
    static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        return value.asString();
    }

    /** An argument value back as the JSON type it was read as (see {@link #scalar}). */
    static JsonNode value(Object value) {
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (value instanceof Number n) {
            return JSON.numberNode(n.doubleValue());
        }
        return value instanceof Boolean b ? JSON.booleanNode(b) : JSON.stringNode(String.valueOf(value));
    }

    /** dependsOn as keys, {@code {kind, namespace, name}} like the audit event's resource, in written order. */
    static void putKeys(ObjectNode node, List<ResourceKey> keys) {
        if (!keys.isEmpty()) {
            ArrayNode array = node.putArray("dependsOn");
            keys.forEach(k -> array.addObject().put("kind", k.kind().name()).put("namespace", k.namespace()).put("name", k.name()));
        }
    }

    static void putStrings(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode object = node.putObject(field);
            new TreeMap<>(values).forEach(object::put);
        }
    }

    static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
