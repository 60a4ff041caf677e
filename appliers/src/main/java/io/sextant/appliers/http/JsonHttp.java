package io.sextant.appliers.http;

import io.sextant.plugin.BackendException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one backend, translating every failure into a {@link BackendException} that says
 * which call failed and carries the backend's own error text. Connection errors, timeouts and 5xx are
 * transient (the engine retries them with backoff); 4xx are permanent. It never retries itself, so
 * one engine attempt is one request and the engine's retry policy stays the only one.
 *
 * <p>At most {@link HttpSettings#maxConcurrency()} requests are in flight at once, so a sync of many
 * resources cannot overwhelm a backend. Thread-safe. The bearer token never appears in a message.
 */
public final class JsonHttp {

    private final String backend;
    private final HttpSettings settings;
    private final HttpClient client;
    private final Semaphore permits;
    private final Function<String, String> env;

    /**
     * @param backend  the backend's name, used in messages ({@code ray-prod})
     * @param settings where and how to connect
     */
    public JsonHttp(String backend, HttpSettings settings) {
        this(backend, settings, System::getenv);
    }

    /** As {@link #JsonHttp(String, HttpSettings)}, reading {@code token-env} through {@code env}. */
    public JsonHttp(String backend, HttpSettings settings, Function<String, String> env) {
        this.backend = backend;
        this.settings = settings;
        this.env = env;
        // HTTP/1.1: the backends are plain-HTTP servers (aiohttp, uvicorn, Triton's own) that gain
        // nothing from an h2c upgrade attempt on every connection.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.permits = new Semaphore(settings.maxConcurrency(), true);
    }

    /** The base URL, for messages that name the server. */
    public URI url() {
        return settings.url();
    }

    /** GETs {@code path} and returns the reply of a 2xx, throwing for any other status. */
    public Reply get(String path) throws BackendException {
        return expectOk("GET", path, exchange("GET", path, null));
    }

    /** Sends {@code body} (or none when null) and returns the reply of a 2xx, throwing for any other status. */
    public Reply send(String method, String path, JsonNode body) throws BackendException {
        return expectOk(method, path, exchange(method, path, body));
    }

    /**
     * Sends a request and returns whatever status comes back, for calls whose non-2xx replies carry
     * meaning (Triton's readiness 400, vLLM's "already loaded" 400). Throws only when no reply came.
     */
    public Reply exchange(String method, String path, JsonNode body) throws BackendException {
        return exchange(method, path, body, settings.timeout());
    }

    /** As {@link #exchange(String, String, JsonNode)} with a longer wait for calls that block (a model load). */
    public Reply exchange(String method, String path, JsonNode body, Duration timeout) throws BackendException {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url().resolve(settings.url().getPath() + path))
                .timeout(timeout)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JsonMapper.shared().writeValueAsString(body)));
        }
        String token = token(method, path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        acquire(method, path);
        try {
            HttpResponse<String> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw BackendException.transientFailure(call(method, path) + ": could not connect within "
                    + seconds(settings.timeout()) + " to " + settings.url(), e);
        } catch (HttpTimeoutException e) {
            throw BackendException.transientFailure(call(method, path) + ": no response within " + seconds(timeout), e);
        } catch (IOException e) {
            throw BackendException.transientFailure(call(method, path) + ": connection to " + settings.url()
                    + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure(call(method, path) + ": interrupted", e);
        } finally {
            permits.release();
        }
    }

    /**
     * The exception for a reply that is a failure: 5xx transient, anything else permanent, with the
     * status and the backend's own text ({@code PUT /api/serve/applications/ on ray-prod: 503 ...}).
     */
    public BackendException failure(String method, String path, Reply reply) {
        String message = call(method, path) + ": " + reply.status() + " " + reply.errorText();
        return reply.status() >= 500
                ? BackendException.transientFailure(message, null)
                : BackendException.permanent(message, null);
    }

    /** {@code METHOD path on backend}, the prefix of every message about a call. */
    public String call(String method, String path) {
        return method + " " + path + " on " + backend;
    }

    private Reply expectOk(String method, String path, Reply reply) throws BackendException {
        if (!reply.ok()) {
            throw failure(method, path, reply);
        }
        return reply;
    }

    private void acquire(String method, String path) throws BackendException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure(call(method, path) + ": interrupted while waiting for a free connection", e);
        }
    }

    private String token(String method, String path) throws BackendException {
        if (settings.tokenEnv() != null) {
            return env.apply(settings.tokenEnv());
        }
        if (settings.tokenFile() == null) {
            return null;
        }
        try {
            return Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            // The path is configuration, not a secret; the token itself is never read into a message.
            throw BackendException.transientFailure(call(method, path) + ": cannot read token file "
                    + settings.tokenFile() + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
    }

    private static String describe(IOException e) {
        String text = e.getMessage();
        return e.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : " (" + text + ")");
    }
}
