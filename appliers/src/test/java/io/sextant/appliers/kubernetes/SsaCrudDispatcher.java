package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fabric8 CRUD mock API server, taught server-side apply as the Kubernetes API server does it
 * ({@link ManagedFields}): {@code metadata.managedFields} per field manager, 409 Conflict naming the other
 * manager and field when an apply without {@code force=true} would change a field it owns, ownership moving
 * with force, and lists merged by key where the built-in types say so. Other writes (create, update, merge
 * patch) are recorded as operation {@code Update} by their {@code fieldManager} (else the client's
 * user-agent name, as the API server does). Watches go beyond the CRUD mock's as the API server's do
 * ({@link WatchStreams}): lists carry the newest resource version, watches that allow them get bookmarks,
 * and {@link #expireWatches()} compacts the history so watches end with 410 Gone and clients relist. It
 * counts requests.
 *
 * <p>Public, with its request log, for the engine's end-to-end tests (published in the test-jar).
 */
public final class SsaCrudDispatcher extends KubernetesCrudDispatcher {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, ManagedFields> fields = new ConcurrentHashMap<>();
    private final WatchStreams watches = new WatchStreams();

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        requests.add(request.getMethod() + " " + request.getPath());
        String[] pathAndQuery = request.getPath().split("\\?", 2);
        String bare = pathAndQuery[0];
        Map<String, String> query = query(pathAndQuery.length > 1 ? pathAndQuery[1] : "");
        String type = request.getHeader("Content-Type");
        String method = request.getMethod();
        if ("PATCH".equals(method) && type != null && type.startsWith("application/apply-patch")) {
            return apply(bare, request.getUtf8Body(), query.get("fieldManager"), "true".equals(query.get("force")));
        }
        if ("DELETE".equals(method)) {
            fields.remove(bare);
        }
        if (("PUT".equals(method) || "PATCH".equals(method) || "POST".equals(method))
                && !bare.endsWith("/status") && !bare.endsWith("/scale")) {
            return recorded(request, bare, query);
        }
        MockResponse response = super.dispatch(request);
        return "GET".equals(method) ? withManagedFields(bare, response) : response;
    }

    @Override
    public MockResponse handleWatch(String path) {
        String[] pathAndQuery = path.split("\\?", 2);
        return watches.open(query(pathAndQuery.length > 1 ? pathAndQuery[1] : ""), path, super.handleWatch(path));
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        if (newState != null) {
            watches.written(JSON.readTree(newState).path("metadata").path("resourceVersion").asString(null));
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /**
     * Compacts the watch history: open watches end with 410 Gone, and watches from older versions are refused.
     * Not under this dispatcher's lock: a send from a thread outside the server waits for the socket's event
     * loop, which may itself be waiting for the lock in {@link #dispatch} (a client relisting after the first
     * 410), and the two would hold each other until the send gives up.
     */
    public void expireWatches() {
        watches.expire();
    }

    /** Ends every open watch normally (the API server's watch timeout); clients resume from their newest version. */
    public void closeWatches() {
        watches.closeAll();
    }

    /** The server is shutting down: no more bookmarks. */
    @Override
    public void shutdown() {
        watches.close();
        super.shutdown();
    }

    public int openWatches() {
        return watches.openWatches();
    }

    /** BOOKMARK events sent so far. */
    public long bookmarksSent() {
        return watches.bookmarksSent();
    }

    /** The newest resource version a write produced (what a list answers with). */
    public String newestVersion() {
        return watches.newest();
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

    private MockResponse apply(String path, String body, String manager, boolean force) {
        if (manager == null || manager.isEmpty()) {
            return status(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                    + "is required for apply patch", null);
        }
        ObjectNode config = (ObjectNode) JSON.readTree(body);
        config.withObject("metadata").remove("managedFields");
        MockResponse current = handleGet(path);
        ObjectNode live = current.code() == 404 ? null : (ObjectNode) JSON.readTree(current.getBody().readUtf8());
        ManagedFields managed = fields.computeIfAbsent(path, p -> new ManagedFields());
        boolean builtIn = builtIn(path);
        if (live != null && !force) {
            List<ManagedFields.Conflict> conflicts = managed.conflicts(live, config, manager, builtIn);
            if (!conflicts.isEmpty()) {
                return conflict(conflicts);
            }
        }
        ObjectNode merged = managed.apply(live, config, manager, builtIn);
        MockResponse response = live == null
                ? handleCreate(request(HttpMethod.POST, path.substring(0, path.lastIndexOf('/')),
                        JSON.writeValueAsString(merged)))
                : handleUpdate(request(HttpMethod.PUT, path, JSON.writeValueAsString(merged)));
        return withManagedFields(path, response);
    }

    /** A write that is not an apply: done by the CRUD mock, its changed fields owned by the writer. */
    private MockResponse recorded(RecordedRequest request, String path, Map<String, String> query) {
        boolean create = "POST".equals(request.getMethod());
        // Reading the body drains it: hand the CRUD mock a copy.
        String body = request.getUtf8Body();
        String objectPath = create ? path + "/" + JSON.readTree(body).path("metadata").path("name").asString("") : path;
        MockResponse before = handleGet(objectPath);
        MockResponse response = super.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(),
                request.getPath(), request.getHeaders(), new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        MockResponse after = handleGet(objectPath);
        if (response.code() < 300 && after.code() == 200) {
            String manager = query.getOrDefault("fieldManager", userAgentName(request));
            fields.computeIfAbsent(objectPath, p -> new ManagedFields()).update(
                    before.code() == 200 ? JSON.readTree(before.getBody().readUtf8()) : null,
                    JSON.readTree(after.getBody().readUtf8()), manager, builtIn(objectPath));
        }
        return withManagedFields(objectPath, response);
    }

    /** The API server names a writer without a field manager after its user agent, up to the first slash. */
    private static String userAgentName(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.isBlank() ? "unknown" : agent.split("/", 2)[0];
    }

    private MockResponse withManagedFields(String path, MockResponse response) {
        if (response.code() >= 300 || response.getBody() == null || response.getWebSocketListener() != null) {
            return response;
        }
        JsonNode body = JSON.readTree(response.getBody().readUtf8());
        if (body instanceof ObjectNode object && object.path("items").isArray()) {
            // A list is a consistent read at the newest version: a watch from it misses nothing.
            object.withObject("metadata").put("resourceVersion", watches.newest());
            for (JsonNode item : object.get("items")) {
                addManagedFields(path + "/" + item.path("metadata").path("name").asString(""), (ObjectNode) item);
            }
        } else if (body instanceof ObjectNode object) {
            addManagedFields(path, object);
        }
        return response.setBody(JSON.writeValueAsString(body));
    }

    private void addManagedFields(String path, ObjectNode object) {
        ManagedFields managed = fields.get(path);
        if (managed != null && object.path("metadata").isObject()) {
            ((ObjectNode) object.get("metadata")).set("managedFields", managed.toJson(object));
        }
    }

    /** As the API server answers an apply with conflicts: a Status with one cause per field. */
    private static MockResponse conflict(List<ManagedFields.Conflict> conflicts) {
        ObjectNode details = JSON.createObjectNode();
        ArrayNode causes = details.putArray("causes");
        List<String> lines = new ArrayList<>();
        for (ManagedFields.Conflict c : conflicts) {
            String with = "conflict with \"" + c.manager() + "\" using " + c.apiVersion();
            causes.addObject().put("reason", "FieldManagerConflict").put("message", with)
                    .put("field", FieldPaths.describe(c.field()));
            lines.add(with + ": " + FieldPaths.describe(c.field()));
        }
        String message = conflicts.size() == 1 ? "Apply failed with 1 conflict: " + lines.get(0)
                : "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
        return status(409, "Conflict", message, details);
    }

    private static MockResponse status(int code, String reason, String message, ObjectNode details) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason);
        if (details != null) {
            status.set("details", details);
        }
        status.put("code", code);
        return new MockResponse().setResponseCode(code).setBody(JSON.writeValueAsString(status));
    }

    /** Built-in types merge lists by key; the custom resources Sextant writes are served with atomic lists. */
    private static boolean builtIn(String path) {
        return path.startsWith("/api/") || path.startsWith("/apis/apps/") || path.startsWith("/apis/autoscaling/");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        for (String pair : raw.isEmpty() ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    private static RecordedRequest request(HttpMethod method, String path, String body) {
        Headers headers = Headers.builder().add("Content-Type", "application/json").build();
        return new RecordedRequest("HTTP/1.1", method, path, headers,
                new Buffer(body.getBytes(StandardCharsets.UTF_8)));
    }
}
