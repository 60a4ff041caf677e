package io.sextant.git.webhook;

import tools.jackson.databind.JsonNode;

/** Null-tolerant reads from a payload tree: hosts omit fields or send nulls freely. */
final class Json {

    private Json() {
    }

    /** The node at {@code path} below {@code node}: a missing node when any step is absent. */
    static JsonNode at(JsonNode node, String... path) {
        JsonNode current = node;
        for (String step : path) {
            current = current.path(step);
        }
        return current;
    }

    /** The string or number at {@code path}, or null when absent, null or of another type. */
    static String text(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        if (value.isString() || value.isNumber()) {
            String text = value.asString();
            return text.isEmpty() ? null : text;
        }
        return null;
    }

    /** The first non-null of {@link #text} at each path. */
    static String firstText(JsonNode node, String[]... paths) {
        for (String[] path : paths) {
            String text = text(node, path);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /** The integer at {@code path}, or 0 when absent or not an integer. */
    static int integer(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isIntegralNumber() && value.canConvertToInt() ? value.asInt() : 0;
    }

    /** The boolean at {@code path}, or false when absent or not a boolean. */
    static boolean bool(JsonNode node, String... path) {
        JsonNode value = at(node, path);
        return value.isBoolean() && value.asBoolean();
    }

    static String[] path(String... steps) {
        return steps;
    }
}
