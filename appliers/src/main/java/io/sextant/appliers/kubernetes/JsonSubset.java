package io.sextant.appliers.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Whether a live object already holds everything Sextant would apply, and where it does not. The API server
 * adds defaults (protocol, probe timeouts, uid, status...) and other field managers add fields of their own,
 * so live equality is never expected: every field of the desired object must be present live with the same
 * value, and anything else may be there too.
 */
final class JsonSubset {

    /** Differences worth naming in one message: enough to say what changed, few enough to read. */
    static final int MAX_DIFFERENCES = 3;
    private static final int MAX_VALUE_CHARS = 80;

    private JsonSubset() {
    }

    static boolean contains(JsonNode live, JsonNode want) {
        return differences(live, want, 1).isEmpty();
    }

    /**
     * Where {@code live} lacks what {@code want} holds, at most {@code limit} of them, each as
     * {@code <JSON Pointer> is <live value>, Sextant applies <value>}; empty when live holds all of it.
     */
    static List<String> differences(JsonNode live, JsonNode want, int limit) {
        List<String> out = new ArrayList<>();
        walk("", "", live, want, out, limit);
        return out;
    }

    private static void walk(String pointer, String field, JsonNode live, JsonNode want, List<String> out, int limit) {
        if (out.size() >= limit || want == null || want.isNull() || want.isMissingNode()) {
            return;
        }
        boolean absent = live == null || live.isMissingNode() || live.isNull();
        if (want.isContainer() && want.isEmpty() && absent) {
            return; // the server drops empty objects and lists such as emptyDir: {}
        }
        if (want.isObject() && live != null && live.isObject()) {
            for (Map.Entry<String, JsonNode> entry : want.properties()) {
                String key = entry.getKey();
                walk(pointer + "/" + key.replace("~", "~0").replace("/", "~1"), key, live.path(key), entry.getValue(),
                        out, limit);
            }
        } else if (want.isArray() && live != null && live.isArray() && "ports".equals(field) && servicePorts(want)) {
            walkServicePorts(pointer, live, want, out, limit);
        } else if (want.isArray() && live != null && live.isArray() && live.size() == want.size()) {
            for (int i = 0; i < want.size(); i++) {
                walk(pointer + "/" + i, "", live.get(i), want.get(i), out, limit);
            }
        } else if (want.isContainer() || absent || !sameValue(live, want)) {
            out.add(describe(pointer, absent ? null : live, want));
        }
    }

    /**
     * A Service's ports are a list keyed by port and protocol (server-side apply's list map): a port someone
     * else added is theirs, not a change. A port found by name under another number is described field by field.
     */
    private static void walkServicePorts(String pointer, JsonNode live, JsonNode want, List<String> out, int limit) {
        for (JsonNode port : want) {
            int match = indexOf(live, "port", port);
            if (match < 0) {
                match = indexOf(live, "name", port);
            }
            if (match >= 0) {
                walk(pointer + "/" + match, "", live.get(match), port, out, limit);
            } else if (out.size() < limit) {
                out.add(pointer + " has no port " + port.path("port").asString() + ", Sextant applies " + shortly(port));
            }
        }
    }

    private static int indexOf(JsonNode live, String key, JsonNode port) {
        for (int i = 0; i < live.size(); i++) {
            JsonNode candidate = live.get(i);
            boolean sameProtocol = candidate.path("protocol").asString("TCP").equals(port.path("protocol").asString("TCP"));
            if (sameValue(candidate.path(key), port.path(key)) && ("name".equals(key) || sameProtocol)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean servicePorts(JsonNode want) {
        for (JsonNode port : want) {
            if (!port.path("port").isNumber()) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(JsonNode live, JsonNode want) {
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

    private static String describe(String pointer, JsonNode live, JsonNode want) {
        return (pointer.isEmpty() ? "/" : pointer) + " is " + (live == null ? "unset" : shortly(live))
                + ", Sextant applies " + shortly(want);
    }

    private static String shortly(JsonNode value) {
        String text = value.toString();
        return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS - 3) + "...";
    }
}
