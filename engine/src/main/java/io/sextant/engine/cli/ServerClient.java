package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The operator's commands' way to a running engine's HTTP API: where it is ({@code --server}, else
 * {@code SEXTANT_SERVER}, else {@code http://localhost:8080}), the bearer token ({@code SEXTANT_TOKEN}, or
 * {@code --token-file}; {@code --token} works but warns, since a flag's value shows in process lists), and
 * the engine's refusals turned into {@link CliFailure}s with the exit codes of {@link ExitCode}.
 */
final class ServerClient {

    /** The options every command talking to an engine takes. */
    static final Set<String> OPTIONS = Set.of("server", "token", "token-file", "request-timeout");
    static final String DEFAULT_SERVER = "http://localhost:8080";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String USAGE = "[--server URL] [--token-file FILE] [--request-timeout 30s]";
    static final String HELP = """
            The engine: --server URL, else the SEXTANT_SERVER environment variable, else http://localhost:8080.
            The token: the SEXTANT_TOKEN environment variable, or --token-file FILE (--token TOKEN works too,
            but anyone on the machine can read it in the process list). --request-timeout bounds each request.""";

    private final URI base;
    private final String token;
    private final Duration timeout;

    private ServerClient(URI base, String token, Duration timeout) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
    }

    /** The client {@code arguments} and {@code env} describe; warns on {@code err} about {@code --token}. */
    static ServerClient of(Arguments arguments, Map<String, String> env, PrintStream err) throws UsageException {
        String server = arguments.option("server") != null ? arguments.option("server")
                : env.getOrDefault("SEXTANT_SERVER", DEFAULT_SERVER);
        return new ServerClient(base(server), token(arguments, env, err), timeout(arguments.option("request-timeout")));
    }

    private static URI base(String server) throws UsageException {
        URI base;
        try {
            base = URI.create(server.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server " + server + " is not a URL");
        }
        if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new UsageException("--server must be an http:// or https:// URL, got " + server);
        }
        // Credentials in the URL would be dropped by the HTTP client and printed in messages: refuse them.
        if (base.getRawUserInfo() != null) {
            throw new UsageException("--server must not hold credentials; put the token in SEXTANT_TOKEN");
        }
        return base;
    }

    private static String token(Arguments arguments, Map<String, String> env, PrintStream err) throws UsageException {
        String file = arguments.option("token-file");
        String flag = arguments.option("token");
        if (file != null && flag != null) {
            throw new UsageException("give --token or --token-file, not both");
        }
        if (file != null) {
            try {
                return Files.readString(Path.of(file)).strip();
            } catch (IOException e) {
                throw new UsageException("--token-file " + file + " cannot be read: " + e.getMessage());
            }
        }
        if (flag != null) {
            err.println("warning: --token shows the token in the process list; prefer SEXTANT_TOKEN or --token-file");
            return flag.strip();
        }
        String fromEnv = env.get("SEXTANT_TOKEN");
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }

    static Duration timeout(String value) throws UsageException {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            Duration duration = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
            if (duration.isNegative() || duration.isZero()) {
                throw new UsageException("a timeout must be positive, got " + value);
            }
            return duration;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new UsageException("'" + value + "' is not a duration such as 30s, 2m or 1h");
        }
    }

    /** {@code path} with the non-null {@code query} parameters, encoded. */
    static String path(String path, Map<String, String> query) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((name, value) -> {
            if (value != null) {
                joined.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return path + joined;
    }

    /** One path segment, encoded. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) throws CliFailure {
        return send("GET", path);
    }

    JsonNode post(String path) throws CliFailure {
        return send("POST", path);
    }

    /** Where the engine is, for messages: scheme, host and port, never a credential. */
    String origin() {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    }

    /**
     * One request over {@link HttpURLConnection} rather than {@code java.net.http.HttpClient}: the latter sets up
     * TLS, a selector thread and HTTP/2 machinery even for one plain request, a third of a short command's
     * start-up (docs/benchmarks.md). Redirects are not followed, so the token never goes to another host.
     */
    private JsonNode send(String method, String path) throws CliFailure {
        int status;
        String text;
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json, application/problem+json");
            if (token != null) {
                connection.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (method.equals("POST")) {
                connection.setDoOutput(true);
                // An empty body, declared as JSON: without it the JDK says form-encoded, which the engine's
                // endpoints taking an optional JSON body refuse with 415.
                connection.setRequestProperty("Content-Type", "application/json");
                connection.setFixedLengthStreamingMode(0);
                connection.getOutputStream().close();
            }
            status = connection.getResponseCode();
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            text = body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
            if (status / 100 == 3) {
                throw new CliFailure(ExitCode.ERROR, origin() + path + " redirects to "
                        + connection.getHeaderField("Location") + " (HTTP " + status + "); use that as --server");
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.ERROR, "cannot reach the engine at " + origin() + ": " + describe(e));
        }
        JsonNode body;
        try {
            body = text.isBlank() ? Output.JSON.createObjectNode() : Output.JSON.readTree(text);
        } catch (JacksonException e) {
            throw new CliFailure(ExitCode.ERROR, origin() + path + " answered HTTP " + status
                    + " with something that is not Sextant's API; is --server the engine's address?");
        }
        if (status / 100 == 2) {
            return body;
        }
        JsonNode detail = body.path("detail");
        String why = (detail.isString() ? detail.asString() : "the engine refused " + path) + " (HTTP " + status + ")";
        throw switch (status) {
            case 401, 403 -> new CliFailure(ExitCode.FORBIDDEN, why + (token == null
                    ? "; this engine needs a token: set SEXTANT_TOKEN or pass --token-file" : ""));
            case 404 -> new CliFailure(ExitCode.NOT_FOUND, why);
            default -> new CliFailure(ExitCode.ERROR, why);
        };
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused; is the engine running there?";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer in time (" + e.getMessage() + "; --request-timeout)";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
