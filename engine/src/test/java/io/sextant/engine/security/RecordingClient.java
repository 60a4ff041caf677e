package io.sextant.engine.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An HTTP client for one engine that keeps every response (headers and body) it received. */
final class RecordingClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> responses = Collections.synchronizedList(new ArrayList<>());
    private final int port;

    RecordingClient(int port) {
        this.port = port;
    }

    /** GET, with {@code Authorization: Bearer token} unless {@code token} is null. */
    HttpResponse<String> get(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).GET(), token));
    }

    /** POST without a body, with {@code Authorization: Bearer token} unless {@code token} is null. */
    HttpResponse<String> post(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token));
    }

    /** POST of a JSON body with the given headers. */
    HttpResponse<String> postJson(String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Every response so far, each as its headers followed by its body. */
    List<String> responses() {
        return List.copyOf(responses);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            responses.add(response.headers().map() + "\n" + response.body());
            return response;
        } catch (IOException e) {
            throw new AssertionError(builder.build().method() + " " + builder.build().uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
