package io.sextant.appliers.kubernetes;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether a live object already holds everything Sextant would apply. The API server adds defaults
 * (protocol, probe timeouts, uid, status...), so live equality is never expected: every field of the
 * desired object must be present live with the same value, and anything else may be there too.
 */
final class JsonSubset {

    private JsonSubset() {
    }

    static boolean contains(JsonNode live, JsonNode want) {
        if (want == null || want.isNull() || want.isMissingNode()) {
            return true;
        }
        if (want.isObject()) {
            if (want.isEmpty() && (live == null || live.isMissingNode() || live.isNull())) {
                return true; // the server drops empty objects such as emptyDir: {}
            }
            if (live == null || !live.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : want.properties()) {
                if (!contains(live.path(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (live == null || !live.isArray() || live.size() != want.size()) {
                return want.isEmpty() && (live == null || live.isMissingNode() || live.isNull());
            }
            for (int i = 0; i < want.size(); i++) {
                if (!contains(live.get(i), want.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (live == null || live.isMissingNode() || live.isNull()) {
            return false;
        }
        if (want.isNumber() && live.isNumber()) {
            return want.decimalValue().compareTo(live.decimalValue()) == 0;
        }
        // Quantities and int-or-string fields may come back in the other spelling ("1" for 1).
        return want.equals(live) || (want.isValueNode() && live.isValueNode()
                && want.asString("").equals(live.asString("")) && !want.asString("").isEmpty());
    }
}
