package io.sextant.engine.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error page of the HTTP server itself, for what it refuses before any of the engine's code runs (a
 * malformed request line, characters a path may not hold, bad percent-encoding, headers too large, an
 * unknown transfer coding or HTTP version): an RFC 9457 {@code application/problem+json} answer like
 * every other error of the engine (DESIGN.md section 7), in place of Tomcat's HTML page. It names neither
 * the server nor its version and holds no stack trace, only Tomcat's one-line reason.
 */
final class ProblemReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tomcat's reasons quote the offending request target; a long one is cut, it is the client's own. */
    private static final int MAX_REASON = 300;

    ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own page: only for an error that nothing has answered yet.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Content-Type-Options", "nosniff");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem(status, reason(response, throwable))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            // Nothing more can be sent: the connection is closing either way.
        }
    }

    private static Map<String, Object> problem(int status, String reason) {
        HttpStatus known = HttpStatus.resolve(status);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", known == null ? "Error" : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail(status) + (reason == null ? "" : " (" + reason + ")"));
        return problem;
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the HTTP server refused the request as malformed before reading it: its request line, path "
                    + "or headers break HTTP/1.1 (RFC 9112) or URI syntax (RFC 3986), or its headers are too large; "
                    + "percent-encode the path and query, and send well-formed headers";
            case 408 -> "the request was not received in time";
            case 413 -> "the request body is larger than the engine reads";
            case 414 -> "the request target is longer than the server reads";
            case 431 -> "the request headers are larger than the server reads";
            case 501 -> "the request uses a transfer coding or method the server does not implement";
            case 505 -> "the request uses an HTTP version the server does not speak; use HTTP/1.1";
            default -> "the HTTP server refused the request";
        };
    }

    /** Tomcat's one-line reason, never an exception's class or trace. */
    private static String reason(Response response, Throwable throwable) {
        String reason = throwable instanceof IllegalArgumentException ? throwable.getMessage() : response.getMessage();
        if (reason == null || reason.isBlank()) {
            return null;
        }
        String flat = reason.replaceAll("\\p{Cntrl}", "?").strip();
        return flat.length() > MAX_REASON ? flat.substring(0, MAX_REASON) + "..." : flat;
    }
}
