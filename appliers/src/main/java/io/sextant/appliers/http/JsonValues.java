package io.sextant.appliers.http;

import java.util.Comparator;
import tools.jackson.databind.JsonNode;

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
}
