package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.webhook.SignatureCheck;
import io.sextant.git.webhook.WebhookEvent;
import io.sextant.git.webhook.WebhookPayloadException;
import io.sextant.git.webhook.WebhookPayloads;
import io.sextant.git.webhook.WebhookSignatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with a delivery, in this order: which sources watch the repository it names,
 * whether it is signed with one of their secrets (nothing is trusted before), the sources' rate
 * limit, whether it was seen before, and only then what it asks for. The rate limit and the
 * delivery log count only authenticated deliveries, so forged ones cannot use up a source's
 * budget or pre-empt a real delivery id.
 */
final class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final SourceMatcher matcher;
    private final WebhookSecrets secrets;
    private final RateLimiter rateLimiter;
    private final DeliveryLog deliveries;
    private final WebhookDispatcher dispatcher;

    WebhookReceiver(SourceMatcher matcher, WebhookSecrets secrets, RateLimiter rateLimiter, DeliveryLog deliveries,
                    WebhookDispatcher dispatcher) {
        this.matcher = matcher;
        this.secrets = secrets;
        this.rateLimiter = rateLimiter;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    WebhookOutcome receive(Delivery delivery) {
        WebhookEvent event;
        try {
            event = WebhookPayloads.parse(delivery.provider(), delivery.event(), delivery.body());
        } catch (WebhookPayloadException e) {
            return new WebhookOutcome.Problem(400, e.getMessage());
        }
        List<SourceProperties> watching = matcher.sourcesOf(event.repository());
        if (watching.isEmpty()) {
            return new WebhookOutcome.Ignored("no source watches repository " + Logs.safe(event.repository().describe()),
                    "unknown-source");
        }
        List<SourceProperties> verified = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        for (SourceProperties source : watching) {
            Optional<byte[]> secret = secrets.of(source.name());
            if (secret.isPresent()) {
                tried.add(source.name());
                if (WebhookSignatures.check(delivery.provider(), secret.get(), delivery.body(), delivery.signature())
                        == SignatureCheck.VALID) {
                    verified.add(source);
                }
            }
        }
        if (tried.isEmpty()) {
            log.warn("webhook {} delivery {} for {} refused: no source watching it has a webhook secret "
                    + "(sextant.sources[].webhook.secret-env or secret-file)", delivery.provider().id(),
                    Logs.safe(delivery.deliveryId()), Logs.safe(event.repository().describe()));
            return new WebhookOutcome.Problem(403, "webhooks are not enabled for this repository: the engine has "
                    + "no webhook secret for the source that watches it");
        }
        if (verified.isEmpty()) {
            return unauthenticated(delivery, event, tried);
        }
        List<String> names = verified.stream().map(SourceProperties::name).toList();
        Duration wait = rateLimiter.acquire(names);
        if (!wait.isZero()) {
            log.warn("webhook {} delivery {} for source {} refused: over sextant.webhooks.rate-limit",
                    delivery.provider().id(), Logs.safe(delivery.deliveryId()), String.join(", ", names));
            return new WebhookOutcome.RateLimited(Math.max(1, (wait.toMillis() + 999) / 1000));
        }
        String key = delivery.deliveryId() == null ? null : delivery.provider().id() + ":" + delivery.deliveryId();
        if (key != null && !deliveries.firstDelivery(key)) {
            log.info("webhook {} delivery {}: duplicate, ignored", delivery.provider().id(), Logs.safe(delivery.deliveryId()));
            return new WebhookOutcome.Ignored("duplicate delivery, ignored", "duplicate");
        }
        try {
            return dispatcher.dispatch(event, verified, delivery.deliveryId());
        } catch (RuntimeException e) {
            if (key != null) {
                deliveries.forget(key); // let the host's redelivery try again
            }
            log.error("webhook {} delivery {}: handling failed", delivery.provider().id(), Logs.safe(delivery.deliveryId()), e);
            return new WebhookOutcome.Problem(500, "handling the delivery failed; the engine log has the details");
        }
    }

    /** 401, logged without the secret or the signature. */
    private static WebhookOutcome unauthenticated(Delivery delivery, WebhookEvent event, List<String> tried) {
        String header = delivery.provider().signatureHeader();
        boolean missing = delivery.signature() == null || delivery.signature().isBlank();
        log.warn("webhook {} delivery {} for {} refused: {} {} (tried the secret of source {})", delivery.provider().id(),
                Logs.safe(delivery.deliveryId()), Logs.safe(event.repository().describe()),
                missing ? "no" : "wrong", header, String.join(", ", tried));
        return new WebhookOutcome.Problem(401, missing
                ? "missing " + header + ": give the webhook the secret configured for this repository's source"
                : header + " does not match: the webhook's secret differs from the one configured in the engine");
    }
}
