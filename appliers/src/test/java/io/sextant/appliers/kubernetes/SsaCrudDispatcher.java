package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fabric8 CRUD mock API server, taught server-side apply and counting requests. The CRUD mock
 * answers {@code application/apply-patch+yaml} with 415, so an apply is emulated as a real API server
 * treats a single field manager: create when absent, else merge (lists replaced), removing the fields the
 * manager applied last time and no longer applies.
 *
 * <p>Public, with its request log, for the engine's end-to-end tests (published in the test-jar).
 */
public final class SsaCrudDispatcher extends KubernetesCrudDispatcher {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, JsonNode> lastApplied = new ConcurrentHashMap<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        requests.add(request.getMethod() + " " + request.getPath());
        String bare = request.getPath().split("\\?")[0];
        String type = request.getHeader("Content-Type");
        if ("PATCH".equals(request.getMethod()) && type != null && type.startsWith("application/apply-patch")) {
            return apply(bare, request.getUtf8Body());
        }
        if ("DELETE".equals(request.getMethod())) {
            lastApplied.remove(bare);
        }
        return super.dispatch(request);
    }

    /** Every request as {@code METHOD /path?query}, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Requests that change state (POST, PUT, PATCH, DELETE). */
    public List<String> writes() {
        List<String> writes = new ArrayList<>();
        for (String request : requests) {
            if (!request.startsWith("GET ")) {
                writes.add(request);
            }
        }
        return writes;
    }

    public void clearRequests() {
        requests.clear();
    }

    private MockResponse apply(String path, String body) {
        ObjectNode applied = (ObjectNode) JsonMapper.shared().readTree(body);
        MockResponse current = handleGet(path);
        if (current.code() == 404) {
            lastApplied.put(path, applied.deepCopy());
            String collection = path.substring(0, path.lastIndexOf('/'));
            return handleCreate(request(HttpMethod.POST, collection, body));
        }
        ObjectNode patch = applied.deepCopy();
        JsonNode previous = lastApplied.put(path, applied.deepCopy());
        if (previous != null) {
            dropReleased(previous, patch);
        }
        // The CRUD mock's own merge appends to lists; a merge patch (RFC 7386) replaces them, as apply
        // does for the single-element lists Sextant writes. Merge here and store the result with a PUT.
        ObjectNode merged = (ObjectNode) JsonMapper.shared().readTree(current.getBody().readUtf8());
        mergePatch(merged, patch);
        return handleUpdate(request(HttpMethod.PUT, path, JsonMapper.shared().writeValueAsString(merged)));
    }

    /** A field applied before and not now is released; with no other owner, the API server removes it. */
    private static void dropReleased(JsonNode previous, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : previous.properties()) {
            JsonNode now = patch.get(field.getKey());
            if (now == null) {
                patch.putNull(field.getKey());
            } else if (now instanceof ObjectNode object && field.getValue().isObject()) {
                dropReleased(field.getValue(), object);
            }
        }
    }

    private static void mergePatch(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value instanceof ObjectNode object && existing instanceof ObjectNode into) {
                mergePatch(into, object);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers,
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
