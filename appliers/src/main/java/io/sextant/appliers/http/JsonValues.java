package io.sextant.appliers.http;

import java.util.Comparator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON comparisons for backend replies, which may spell a number differently from what was sent. */
public final class JsonValues {

    /** Numbers by value: Ray answers {@code 1.0} for the {@code 1} it was sent. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private JsonValues() {
    }

    /** Structural equality with numbers compared by value; object key order never matters. */
    public static boolean same(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.equals(NUMBERS_BY_VALUE, b);
    }

    /**
     * Sets the field at a pointer of object keys ({@code /spec/replicas}), creating missing objects
     * on the way; a null or missing {@code value} removes the field instead.
     */
    public static void set(ObjectNode root, String pointer, JsonNode value) {
        String[] segments = pointer.substring(1).split("/");
        ObjectNode parent = root;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = parent.get(segments[i]);
            if (child instanceof ObjectNode object) {
                parent = object;
            } else if (value == null || value.isMissingNode() || value.isNull()) {
                return;
            } else {
                parent = parent.putObject(segments[i]);
            }
        }
        String last = segments[segments.length - 1];
        if (value == null || value.isMissingNode() || value.isNull()) {
            parent.remove(last);
        } else {
            parent.set(last, value.deepCopy());
        }
    }
}
