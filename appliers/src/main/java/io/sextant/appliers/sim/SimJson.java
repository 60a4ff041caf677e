package io.sextant.appliers.sim;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers of the simulated backend: pointer edits, value equality and resource keys in records. */
final class SimJson {

    /** Numbers by value: a manifest read back from the journal may hold a long where YAML gave an int. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.bigIntegerValue().compareTo(b.bigIntegerValue());
            }
            if (!Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
                return Double.compare(a.doubleValue(), b.doubleValue());
            }
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private SimJson() {
    }

    static boolean same(JsonNode a, JsonNode b) {
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    /**
     * Sets the value at a JSON Pointer, creating missing intermediate objects, as {@code kubectl patch}
     * would. An array index may be an existing index, the size, or {@code -} (append).
     *
     * @throws IllegalArgumentException when the pointer is malformed or runs through a scalar
     */
    static void set(ObjectNode root, String pointer, JsonNode value) {
        if (pointer == null || !pointer.startsWith("/")) {
            throw new IllegalArgumentException("pointer must start with '/': " + pointer);
        }
        List<String> segments = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode node = root;
        for (int i = 0; i < segments.size() - 1; i++) {
            String segment = segments.get(i);
            if (node instanceof ObjectNode object) {
                JsonNode child = object.get(segment);
                node = child == null || child.isNull() ? object.putObject(segment) : child;
            } else if (node instanceof ArrayNode array && index(segment) >= 0 && index(segment) < array.size()) {
                node = array.get(index(segment));
            } else {
                throw new IllegalArgumentException(pointer + ": no object or array element at '" + segment + "'");
            }
        }
        String last = segments.get(segments.size() - 1);
        JsonNode leaf = value == null ? JsonNodeFactory.instance.nullNode() : value.deepCopy();
        if (node instanceof ObjectNode object) {
            object.set(last, leaf);
        } else if (node instanceof ArrayNode array && (last.equals("-") || index(last) == array.size())) {
            array.add(leaf);
        } else if (node instanceof ArrayNode array && index(last) >= 0 && index(last) < array.size()) {
            array.set(index(last), leaf);
        } else {
            throw new IllegalArgumentException(pointer + ": cannot set '" + last + "' inside " + node.getNodeType());
        }
    }

    private static int index(String segment) {
        if (segment.isEmpty() || segment.length() > 9 || !segment.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(segment);
    }

    static void writeKey(ObjectNode record, ResourceKey key) {
        record.put("kind", key.kind().apiName());
        record.put("namespace", key.namespace());
        record.put("name", key.name());
    }

    static ResourceKey readKey(JsonNode record) {
        Kind kind = Kind.of(record.path("kind").asString(""));
        return new ResourceKey(kind, record.path("namespace").asString(), record.path("name").asString());
    }
}
