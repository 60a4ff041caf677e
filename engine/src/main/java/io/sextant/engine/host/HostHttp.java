package io.sextant.engine.host;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to one Git host API: authentication headers, timeouts, retries with jitter for
 * 5xx/429/timeouts, {@code Link: rel="next"} pagination, and errors that carry the host's own message.
 * Redirects are not followed, so a token is never sent anywhere but the configured API.
 */
final class HostHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private static final int MAX_PAGES = 50;

    private final String hostName;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final String token;
    private final HostHttpSettings settings;
    private final HttpClient http;

    /**
     * @param hostName shown in messages ({@code GitHub}, {@code GitLab})
     * @param baseUrl  API base without a trailing slash
     * @param headers  sent with every request, the authentication header among them
     * @param token    the secret inside {@code headers}, masked should a host ever echo it
     */
    HostHttp(String hostName, String baseUrl, Map<String, String> headers, String token, HostHttpSettings settings) {
        this.hostName = hostName;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = Map.copyOf(headers);
        this.token = token;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    JsonNode get(String path) throws HostApiException {
        return call("GET", baseUrl + path, null, true).body;
    }

    /** Every item of a paginated list, following {@code Link: rel="next"} on the same API. */
    List<JsonNode> getAll(String path) throws HostApiException {
        List<JsonNode> items = new ArrayList<>();
        String url = baseUrl + path + (path.contains("?") ? "&" : "?") + "per_page=100";
        for (int page = 0; url != null && page < MAX_PAGES; page++) {
            Answer answer = call("GET", url, null, true);
            if (!answer.body.isArray()) {
                throw new HostApiException(hostName + " API GET " + path + " answered something other than a list", 0);
            }
            answer.body.forEach(items::add);
            url = answer.next;
            if (url != null && !url.startsWith(baseUrl + "/")) {
                throw new HostApiException(hostName + " API GET " + path + " paginates to another address; refusing"
                        + " to send the token there", 0);
            }
        }
        return items;
    }

    /**
     * @param idempotent whether the call may be repeated after a timeout (creating a comment is not:
     *                   the host may have done it before the answer was lost)
     */
    JsonNode send(String method, String path, JsonNode body, boolean idempotent) throws HostApiException {
        return call(method, baseUrl + path, body, idempotent).body;
    }

    private record Answer(JsonNode body, String next) {}

    private Answer call(String method, String url, JsonNode body, boolean idempotent) throws HostApiException {
        String what = hostName + " API " + method + " " + url.substring(baseUrl.length()).replaceFirst("\\?.*", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HostApiException last = null;
        for (int attempt = 0; attempt < settings.attempts(); attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new HostApiException(what + " failed: " + redact(describe(e)), 0);
                if (!idempotent) {
                    break;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostApiException(what + " interrupted", 0);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(parse(what, response.body()), next(response));
            }
            last = new HostApiException(what + " answered " + status + ": " + redact(reason(response.body())), status);
            if (!last.unavailable()) {
                break;
            }
        }
        throw last;
    }

    private JsonNode parse(String what, String text) throws HostApiException {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new HostApiException(what + " answered something that is not JSON", 0);
        }
    }

    private static String next(HttpResponse<String> response) {
        for (String link : response.headers().allValues("Link")) {
            Matcher matcher = NEXT_LINK.matcher(link);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    /**
     * The host's words: GitHub's {@code message} (plus each {@code errors[]} entry), GitLab's
     * {@code message} (a string or a map of fields to messages) or {@code error}.
     */
    static String reason(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JacksonException notJson) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            String text = body == null ? "" : body.strip();
            return text.isEmpty() ? "(no message)" : text.substring(0, Math.min(200, text.length()));
        }
        StringBuilder reason = new StringBuilder();
        JsonNode message = json.path("message");
        if (message.isString()) {
            reason.append(message.stringValue());
        } else if (!message.isMissingNode() && !message.isNull()) {
            reason.append(message);
        } else if (json.path("error").isString()) {
            reason.append(json.path("error").stringValue());
            if (json.path("error_description").isString()) {
                reason.append(": ").append(json.path("error_description").stringValue());
            }
        }
        List<String> details = new ArrayList<>();
        for (JsonNode error : json.path("errors")) {
            details.add(error.isString() ? error.stringValue() : error.path("message").isString()
                    ? error.path("message").stringValue()
                    : error.path("field").asString("") + " " + error.path("code").asString(""));
        }
        if (!details.isEmpty()) {
            reason.append(" (").append(String.join("; ", details).strip()).append(")");
        }
        return reason.isEmpty() ? json.toString() : reason.toString();
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private String redact(String text) {
        return token == null || token.length() < 4 ? text : text.replace(token, "***");
    }

    /** Exponential backoff with full jitter around it, so many engines do not retry in step. */
    private void pause(int attempt) throws HostApiException {
        long base = settings.retryDelay().toMillis() << (attempt - 1);
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostApiException(hostName + " API call interrupted", 0);
        }
    }
}
