package io.sextant.appliers.kubernetes;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The field managers of one object and what server-side apply does with them, after the Kubernetes
 * documentation ("Server-Side Apply": field management, conflicts, merge strategy): an apply owns exactly
 * the fields it sends; a field another manager owns conflicts when the apply would change its value (the
 * same value is shared ownership), unless forced, which moves ownership; fields the manager applied before
 * and no longer applies are removed when no other manager owns them; lists with keys merge item by item.
 * Writes that are not applies (create, update, merge patch) are recorded as operation {@code Update}: the
 * writer owns the fields it changed, and nobody else keeps them.
 */
final class ManagedFields {

    /** A manager's fields: from applies ({@code Apply}) or from other writes ({@code Update}). */
    record Entry(String operation, Set<List<String>> fields) {}

    /** A field another manager owns that an apply would change. */
    record Conflict(String manager, String apiVersion, List<String> field) {}

    private final Map<String, Entry> managers = new LinkedHashMap<>();

    /** The conflicts an apply of {@code config} by {@code manager} onto {@code live} would have, without force. */
    synchronized List<Conflict> conflicts(JsonNode live, ObjectNode config, String manager, boolean builtIn) {
        List<Conflict> conflicts = new ArrayList<>();
        Set<List<String>> applied = FieldPaths.of(config, builtIn);
        managers.forEach((other, entry) -> {
            if (other.equals(manager)) {
                return;
            }
            for (List<String> field : applied) {
                if (entry.fields().contains(field) && !field.get(field.size() - 1).equals(FieldPaths.ITEM)
                        && !Objects.equals(FieldPaths.valueAt(live, field), FieldPaths.valueAt(config, field))) {
                    conflicts.add(new Conflict(other, config.path("apiVersion").asString(""), field));
                }
            }
        });
        return conflicts;
    }

    /**
     * Applies {@code config} onto {@code live} (null when absent) as {@code manager}, taking every conflicting
     * field (call {@link #conflicts} first unless forced); returns the new object without server fields.
     */
    synchronized ObjectNode apply(ObjectNode live, ObjectNode config, String manager, boolean builtIn) {
        Set<List<String>> applied = FieldPaths.of(config, builtIn);
        ObjectNode result = live == null ? config.objectNode() : live.deepCopy();
        Entry before = managers.get(manager);
        if (before != null && before.operation().equals("Apply")) {
            for (List<String> released : before.fields()) {
                if (!applied.contains(released) && managers.entrySet().stream().noneMatch(e ->
                        !e.getKey().equals(manager) && e.getValue().fields().contains(released))) {
                    FieldPaths.remove(result, released);
                }
            }
        }
        for (Map.Entry<String, Entry> other : managers.entrySet()) {
            if (!other.getKey().equals(manager)) {
                // Forced conflicts move to the applier; equal values stay shared.
                other.getValue().fields().removeIf(f -> applied.contains(f)
                        && !Objects.equals(FieldPaths.valueAt(result, f), FieldPaths.valueAt(config, f)));
            }
        }
        merge(result, config, builtIn);
        managers.put(manager, new Entry("Apply", new LinkedHashSet<>(applied)));
        managers.values().removeIf(e -> e.fields().isEmpty());
        return result;
    }

    /** Records a write that is not an apply: {@code manager} owns what changed, removed fields are nobody's. */
    synchronized void update(JsonNode before, JsonNode after, String manager, boolean builtIn) {
        Set<List<String>> was = before == null ? Set.of() : FieldPaths.of(before, builtIn);
        Set<List<String>> now = FieldPaths.of(after, builtIn);
        Set<List<String>> changed = new HashSet<>();
        for (List<String> field : now) {
            if (!was.contains(field) || !Objects.equals(FieldPaths.valueAt(before, field), FieldPaths.valueAt(after, field))) {
                changed.add(field);
            }
        }
        for (Entry entry : managers.values()) {
            entry.fields().removeIf(f -> changed.contains(f) || !now.contains(f));
        }
        if (!changed.isEmpty()) {
            Entry mine = managers.computeIfAbsent(manager, m -> new Entry("Update", new LinkedHashSet<>()));
            mine.fields().addAll(changed);
        }
        managers.values().removeIf(e -> e.fields().isEmpty());
    }

    /** The {@code metadata.managedFields} list of the object. */
    synchronized ArrayNode toJson(ObjectNode object) {
        ArrayNode list = object.arrayNode();
        String time = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        managers.forEach((manager, entry) -> list.addObject().put("manager", manager)
                .put("operation", entry.operation()).put("apiVersion", object.path("apiVersion").asString(""))
                .put("time", time).put("fieldsType", "FieldsV1").set("fieldsV1", FieldPaths.fieldsV1(entry.fields())));
        return list;
    }

    /** Merges an applied configuration into the object: maps field by field, keyed lists item by item. */
    private static void merge(ObjectNode target, ObjectNode config, boolean builtIn) {
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            List<String> keys = value instanceof ArrayNode items && builtIn ? FieldPaths.keyOf(field.getKey(), items) : null;
            if (value instanceof ObjectNode object && existing instanceof ObjectNode into) {
                merge(into, object, builtIn);
            } else if (keys != null && existing instanceof ArrayNode live) {
                for (JsonNode item : value) {
                    JsonNode match = null;
                    for (JsonNode candidate : live) {
                        if (keys.stream().allMatch(k -> Objects.equals(candidate.get(k), item.get(k)))) {
                            match = candidate;
                        }
                    }
                    if (match instanceof ObjectNode into) {
                        merge(into, (ObjectNode) item, builtIn);
                    } else {
                        live.add(item.deepCopy());
                    }
                }
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
