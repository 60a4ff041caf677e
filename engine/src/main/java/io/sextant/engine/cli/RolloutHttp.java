package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine's API as the {@code rollout} and {@code rollback} commands call it: {@code --server} (default
 * {@code http://localhost:8080}), the token from {@code --token} or {@code SEXTANT_TOKEN} (never printed), and
 * the engine's problem {@code detail} as the error. Exit codes: {@link #OK}, {@link #ERROR}, {@link #NOT_FOUND}.
 */
final class RolloutHttp {

    static final int OK = 0;
    static final int ERROR = 1;
    static final int NOT_FOUND = 3;
    static final String DEFAULT_SERVER = "http://localhost:8080";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: its status and JSON body. */
    record Answer(int status, JsonNode body) {
        String detail() {
            JsonNode detail = body.get("detail");
            return detail != null && detail.isString() ? detail.asString() : "HTTP " + status;
        }

        int exitCode() {
            return status == 404 ? NOT_FOUND : status / 100 == 2 ? OK : ERROR;
        }
    }

    /** Why a call had no answer; the message is for the user. */
    static final class CallException extends Exception {
        CallException(String message) {
            super(message);
        }
    }

    private final URI base;
    private final String token;

    RolloutHttp(Arguments arguments, Map<String, String> env) throws UsageException {
        String server = arguments.option("server") == null ? DEFAULT_SERVER : arguments.option("server").strip();
        try {
            this.base = URI.create(server.replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server " + server + " is not a URL");
        }
        if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new UsageException("--server must be an http:// or https:// URL, got " + server);
        }
        String given = arguments.option("token") != null ? arguments.option("token") : env.get("SEXTANT_TOKEN");
        this.token = given == null || given.isBlank() ? null : given.strip();
    }

    Answer get(String path) throws CallException {
        return call(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Answer post(String path) throws CallException {
        return call(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private Answer call(HttpRequest.Builder request) throws CallException {
        request.timeout(PlanCommand.REQUEST_TIMEOUT).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(PlanCommand.CONNECT_TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CallException("cannot reach the engine at " + base + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallException("interrupted");
        }
        try {
            JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            Answer answer = new Answer(response.statusCode(), body);
            if (answer.status() == 401 || answer.status() == 403) {
                throw new CallException(answer.detail() + " (HTTP " + answer.status() + "); " + (token != null
                        ? "the token was refused or lacks the operator role" : "pass --token or set SEXTANT_TOKEN"));
            }
            return answer;
        } catch (JacksonException e) {
            throw new CallException(base + " answered HTTP " + response.statusCode()
                    + " with something that is not JSON; is --server the engine's address?");
        }
    }

    /** {@code KIND/NAMESPACE/NAME} as a path, each part checked so nothing else reaches the URL. */
    static String resource(String ref) throws UsageException {
        String[] parts = ref.split("/", -1);
        if (parts.length != 3 || !parts[0].matches("[A-Za-z][A-Za-z0-9]*")
                || !parts[1].matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || !parts[2].matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw new UsageException("'" + ref + "' is not KIND/NAMESPACE/NAME, e.g. ModelDeployment/search/llama");
        }
        return ref;
    }
}
