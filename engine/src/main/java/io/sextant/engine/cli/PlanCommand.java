package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code plan --server URL [--revision REV] [--source NAME] [--token TOKEN]}: asks a running engine
 * ({@code GET /api/v1/plan}) what it would do for a commit and prints it. Exit 0 no changes, 2 changes,
 * 1 errors (invalid specs, an unreachable engine, wrong usage), as {@code terraform plan
 * -detailed-exitcode} does. The token, when reads need one, comes from {@code --token} or
 * {@code SEXTANT_TOKEN}; it is never printed.
 */
final class PlanCommand {

    static final String USAGE = "usage: java -jar sextant.jar plan --server URL [--revision REV] [--source NAME] "
            + "[--token TOKEN]";
    private static final String HELP = USAGE + "\n\n"
            + "Prints the plan a running engine would apply for a commit (default: the head of the watched\n"
            + "branch) of a source (default: the first): + create, ~ update with each field change, - delete,\n"
            + "= kept (live, left as it is because of a spec error, such as its file failing to load),\n"
            + "and the spec errors of that commit as file:line: field: message.\n"
            + "The token for engines whose reads need one: --token, or the SEXTANT_TOKEN environment variable.\n"
            + "Exit status: 0 no changes, 2 changes, 1 errors.";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A plan of a commit the engine has not fetched yet includes a fetch. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        URI uri;
        String token;
        try {
            Arguments arguments = Arguments.parse(args, Set.of("server", "revision", "source", "token"));
            if (arguments.help()) {
                out.println(HELP);
                return 0;
            }
            if (!arguments.operands().isEmpty()) {
                throw new UsageException("unexpected argument " + arguments.operands().get(0));
            }
            uri = planUri(arguments);
            token = arguments.option("token") != null ? arguments.option("token") : env.get("SEXTANT_TOKEN");
        } catch (UsageException e) {
            err.println("sextant plan: " + e.getMessage());
            err.println(USAGE);
            return 1;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET();
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("sextant plan: cannot reach the engine at " + origin(uri) + ": " + describe(e));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("sextant plan: interrupted");
            return 1;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                err.println("sextant plan: " + refusal(response.statusCode(), body, token != null));
                return 1;
            }
            return PlanPrinter.print(body, out, err);
        } catch (JacksonException e) {
            err.println("sextant plan: " + origin(uri) + " answered HTTP " + response.statusCode()
                    + " with something that is not a Sextant plan; is --server the engine's address?");
            return 1;
        }
    }

    private static URI planUri(Arguments arguments) throws UsageException {
        String server = arguments.option("server");
        if (server == null || server.isBlank()) {
            throw new UsageException("--server is required, e.g. --server http://localhost:8080");
        }
        URI base;
        try {
            base = URI.create(server.strip().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--server " + server + " is not a URL");
        }
        if (base.getHost() == null || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
            throw new UsageException("--server must be an http:// or https:// URL, got " + server);
        }
        StringBuilder query = new StringBuilder();
        for (String name : List.of("revision", "source")) {
            String value = arguments.option(name);
            if (value != null) {
                query.append(query.length() == 0 ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return URI.create(base + "/api/v1/plan" + query);
    }

    /** Why the engine said no, from its problem document. */
    private static String refusal(int status, JsonNode problem, boolean sentToken) {
        JsonNode detail = problem.get("detail");
        String why = detail != null && detail.isString() ? detail.asString() : "HTTP " + status;
        if (status == 401 || status == 403) {
            return why + " (HTTP " + status + "); " + (sentToken ? "the token was refused"
                    : "this engine needs a read token: pass --token or set SEXTANT_TOKEN");
        }
        return why + " (HTTP " + status + ")";
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "connection refused; is the engine running there?";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
