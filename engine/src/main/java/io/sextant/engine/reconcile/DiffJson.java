package io.sextant.engine.reconcile;

import io.sextant.drift.api.FieldChange;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Field changes as the JSON array of audit events and API views: {@code [{op, path, from, value}]}. */
public final class DiffJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private DiffJson() {
    }

    public static ArrayNode of(List<FieldChange> changes) {
        ArrayNode array = MAPPER.createArrayNode();
        for (FieldChange change : changes) {
            ObjectNode node = array.addObject();
            node.put("op", change.op());
            node.put("path", change.path());
            if (change.from() != null) {
                node.set("from", change.from());
            }
            if (change.value() != null) {
                node.set("value", change.value());
            }
        }
        return array;
    }

    /** The array form of a diff stored as JSON. */
    public static JsonNode empty() {
        return MAPPER.createArrayNode();
    }
}
