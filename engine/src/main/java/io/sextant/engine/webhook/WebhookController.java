package io.sextant.engine.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.engine.metrics.WebhookMetrics;
import io.sextant.git.webhook.WebhookProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/webhooks/{github,gitlab,gitea}}, and {@code POST /api/v1/webhooks/{provider}/{source}}
 * for one source, whose secret alone may sign it (as Flux's per-receiver paths). Exempt from the admin
 * token: deliveries authenticate with their signature, checked over the raw body bytes before anything
 * in them is parsed, which is why the body is read here rather than bound by Spring (and capped for
 * every content type before that, by {@link WebhookBodyFilter}).
 */
@RestController
class WebhookController {

    private final WebhookReceiver receiver;
    private final WebhookMetrics metrics;
    private final int maxPayloadSize;

    WebhookController(WebhookReceiver receiver, WebhookMetrics metrics, WebhooksProperties properties) {
        this.receiver = receiver;
        this.metrics = metrics;
        this.maxPayloadSize = (int) properties.maxPayloadSize().toBytes();
    }

    @PostMapping("/api/v1/webhooks/github")
    ResponseEntity<?> github(HttpServletRequest request) throws IOException {
        return receive(WebhookProvider.GITHUB, request);
    }

    @PostMapping("/api/v1/webhooks/gitlab")
    ResponseEntity<?> gitlab(HttpServletRequest request) throws IOException {
        return receive(WebhookProvider.GITLAB, request);
    }

    @PostMapping("/api/v1/webhooks/gitea")
    ResponseEntity<?> gitea(HttpServletRequest request) throws IOException {
        return receive(WebhookProvider.GITEA, request);
    }

    @PostMapping("/api/v1/webhooks/{provider}/{source}")
    ResponseEntity<?> forSource(@PathVariable String provider, @PathVariable String source, HttpServletRequest request)
            throws IOException {
        WebhookProvider known = null;
        for (WebhookProvider p : WebhookProvider.values()) {
            if (p.id().equals(provider)) {
                known = p;
            }
        }
        if (known == null) {
            return problem(request, 404, "no webhook endpoint for '" + Logs.safe(provider)
                    + "': the providers are github, gitlab and gitea");
        }
        return receive(known, source, request);
    }

    private ResponseEntity<?> receive(WebhookProvider provider, HttpServletRequest request) throws IOException {
        return receive(provider, null, request);
    }

    /** @param source the source the path names, or null for the provider's shared endpoint */
    private ResponseEntity<?> receive(WebhookProvider provider, String source, HttpServletRequest request)
            throws IOException {
        WebhookOutcome outcome = outcome(provider, source, request);
        metrics.delivered(provider.id(), outcome.result());
        return answer(request, outcome);
    }

    private WebhookOutcome outcome(WebhookProvider provider, String source, HttpServletRequest request)
            throws IOException {
        String contentType = request.getContentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return new WebhookOutcome.Problem(415, "webhooks must be sent as JSON: set the webhook's content type "
                    + "to application/json");
        }
        // WebhookBodyFilter has already read the body off the connection (with its deadline, its cap on
        // concurrent reads and the size cap): this reads the bytes it kept.
        byte[] body;
        try {
            body = BoundedBody.read(request.getInputStream(), request.getContentLengthLong(), maxPayloadSize,
                    Duration.ofMinutes(1));
        } catch (BoundedBody.TooLarge e) {
            return new WebhookOutcome.Problem(413, e.getMessage());
        } catch (BoundedBody.TooSlow e) {
            return new WebhookOutcome.Problem(408, e.getMessage());
        }
        Delivery delivery = new Delivery(provider, request.getHeader(provider.eventHeader()),
                deliveryId(provider, request), request.getHeader(provider.signatureHeader()), body,
                request.getRemoteAddr());
        return source == null ? receiver.receive(delivery) : receiver.receiveFor(source, delivery);
    }

    private static ResponseEntity<?> answer(HttpServletRequest request, WebhookOutcome outcome) {
        if (outcome instanceof WebhookOutcome.Accepted accepted) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Reply(accepted.sources(), accepted.ignored(), null));
        }
        if (outcome instanceof WebhookOutcome.Ignored ignored) {
            return ResponseEntity.ok(new Reply(null, ignored.reason(), null));
        }
        if (outcome instanceof WebhookOutcome.Answered answered) {
            return ResponseEntity.ok(new Reply(null, null, answered.message()));
        }
        if (outcome instanceof WebhookOutcome.RateLimited limited) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problemDetail(request, 429, limited.detail()));
        }
        WebhookOutcome.Problem problem = (WebhookOutcome.Problem) outcome;
        return problem(request, problem.status(), problem.detail());
    }

    private static String deliveryId(WebhookProvider provider, HttpServletRequest request) {
        for (String header : provider.deliveryHeaders()) {
            String value = request.getHeader(header);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpServletRequest request, int status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problemDetail(request, status, detail));
    }

    private static ProblemDetail problemDetail(HttpServletRequest request, int status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return problem;
    }

    /**
     * The answer to a delivery the engine took: hosts show it in their delivery log.
     *
     * @param accepted sources a reconcile or pull-request event was started for (202)
     * @param ignored  why the delivery, or part of it, changes nothing
     * @param message  an answer that is neither, such as to a ping
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Reply(List<String> accepted, String ignored, String message) {}
}
