package io.sextant.appliers.http;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * One HTTP response of a backend: its status and body, with the backend's own error text pulled out
 * of whichever error shape it uses.
 *
 * @param status the HTTP status code
 * @param body   the response body as text (empty when there was none)
 */
public record Reply(int status, String body) {

    /** Longest error text carried into a status message; a stack trace in a body is not a message. */
    private static final int MAX_ERROR_TEXT = 500;

    public Reply {
        body = body == null ? "" : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON, or a missing node when it is empty or not JSON. */
    public JsonNode json() {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JsonMapper.shared().readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /**
     * The backend's own words about a failure: Triton's {@code {"error": "..."}}, vLLM's
     * {@code {"message": ...}} or {@code {"error": {"message": ...}}}, FastAPI's {@code {"detail": ...}},
     * or the plain text Ray's dashboard sends; shortened to one line.
     */
    public String errorText() {
        JsonNode json = json();
        String text = null;
        if (json.isObject()) {
            text = firstText(json.path("error").path("message"), json.path("error"), json.path("message"),
                    json.path("detail"));
        }
        if (text == null) {
            text = body.isBlank() ? "(no response body)" : body;
        }
        text = text.strip().replaceAll("\\s+", " ");
        return text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text;
    }

    private static String firstText(JsonNode... candidates) {
        for (JsonNode candidate : candidates) {
            if (candidate.isString() && !candidate.stringValue().isBlank()) {
                return candidate.stringValue();
            }
            if (candidate.isArray() || (candidate.isObject() && !candidate.has("message"))) {
                return candidate.toString(); // FastAPI validation errors: a list of objects
            }
        }
        return null;
    }
}
