package io.sextant.drift.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Edits that bring a manifest into the form compared; all of them work in place on a private copy. */
final class Canonical {

    private Canonical() {
    }

    /**
     * The default normaliser: only what Sextant manages. Status, backend annotations and any other
     * bookkeeping a backend adds are not part of the desired state, so they never count as drift.
     */
    static ObjectNode keepManagedFields(JsonNode manifest) {
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        if (manifest == null || !manifest.isObject()) {
            return kept;
        }
        copy(manifest, kept, "apiVersion");
        copy(manifest, kept, "kind");
        JsonNode metadata = manifest.get("metadata");
        if (metadata != null && metadata.isObject()) {
            ObjectNode meta = kept.putObject("metadata");
            copy(metadata, meta, "name");
            copy(metadata, meta, "namespace");
            copy(metadata, meta, "labels");
        }
        copy(manifest, kept, "spec");
        return kept;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.get(field);
        if (value != null) {
            to.set(field, value.deepCopy());
        }
    }

    /**
     * Removes every field an ignore-rule pointer matches; a {@code *} segment matches any key or index.
     * Array elements are blanked rather than removed so the remaining elements keep their positions.
     */
    static void removeMatching(JsonNode root, String pointer) {
        removeMatching(root, segments(pointer), 0);
    }

    private static void removeMatching(JsonNode node, List<String> segments, int depth) {
        String segment = segments.get(depth);
        boolean last = depth == segments.size() - 1;
        if (node instanceof ObjectNode object) {
            if (last) {
                if (segment.equals("*")) {
                    object.removeAll();
                } else {
                    object.remove(segment);
                }
            } else if (segment.equals("*")) {
                object.values().forEach(child -> removeMatching(child, segments, depth + 1));
            } else if (object.get(segment) != null) {
                removeMatching(object.get(segment), segments, depth + 1);
            }
        } else if (node instanceof ArrayNode array) {
            if (segment.equals("*")) {
                if (last) {
                    array.removeAll();
                } else {
                    array.values().forEach(child -> removeMatching(child, segments, depth + 1));
                }
                return;
            }
            int index = index(segment, array.size());
            if (index >= 0 && last) {
                array.set(index, JsonNodeFactory.instance.nullNode());
            } else if (index >= 0) {
                removeMatching(array.get(index), segments, depth + 1);
            }
        }
    }

    /** Drops nulls and empty objects/arrays from objects, bottom-up, so "unset" has one spelling. */
    static void prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.properties().iterator();
            while (fields.hasNext()) {
                JsonNode child = fields.next().getValue();
                prune(child);
                if (child.isNull() || (child.isContainer() && child.isEmpty())) {
                    fields.remove();
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(Canonical::prune);
        }
    }

    /** Splits a JSON Pointer into unescaped reference tokens (RFC 6901). */
    static List<String> segments(String pointer) {
        List<String> segments = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            segments.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return segments;
    }

    /** Escapes one reference token for a JSON Pointer (RFC 6901: {@code ~} first, then {@code /}). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static int index(String segment, int size) {
        if (segment.isEmpty() || segment.length() > 9 || !segment.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int index = Integer.parseInt(segment);
        return index < size ? index : -1;
    }
}
