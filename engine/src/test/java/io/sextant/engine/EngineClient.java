package io.sextant.engine;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running engine over HTTP, as a user's script would. */
public final class EngineClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String adminToken;
    /** Sent with reads, for engines whose reads need a token (single sign-on, a read token); null: none. */
    private final String readToken;

    public EngineClient(int port, String adminToken) {
        this(port, adminToken, null);
    }

    private EngineClient(int port, String adminToken, String readToken) {
        this.base = "http://127.0.0.1:" + port;
        this.adminToken = adminToken;
        this.readToken = readToken;
    }

    /** A client that also sends {@code token} with its reads. */
    public EngineClient readingWith(String token) {
        return new EngineClient(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), adminToken, token);
    }

    public HttpResponse<String> get(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (readToken != null) {
            request.header("Authorization", "Bearer " + readToken);
        }
        return send(request.build());
    }

    public JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    public HttpResponse<String> post(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** {@code POST /api/v1/sync} with the admin token; fails unless 202. */
    public void sync() {
        HttpResponse<String> response = post("/api/v1/sync", adminToken);
        if (response.statusCode() != 202) {
            throw new AssertionError("sync answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The resource item of {@code kind/namespace/name} from the list, or null. */
    public JsonNode resource(String kind, String namespace, String name) {
        for (JsonNode item : getJson("/api/v1/resources").get("items")) {
            if (item.get("kind").asString().equals(kind) && item.get("namespace").asString().equals(namespace)
                    && item.get("name").asString().equals(name)) {
                return item;
            }
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
