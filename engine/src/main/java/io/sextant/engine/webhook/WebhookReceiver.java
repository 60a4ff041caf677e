package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.webhook.SignatureCheck;
import io.sextant.git.webhook.WebhookEvent;
import io.sextant.git.webhook.WebhookPayloadException;
import io.sextant.git.webhook.WebhookPayloads;
import io.sextant.git.webhook.WebhookSignatures;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what to do with a delivery, in this order: whether its raw bytes are signed with the secret
 * of a candidate source (every source with a secret, or the one its path names); only then its
 * payload, which must name a repository one of those sources watches; whether it was seen before (by
 * delivery id or by body digest, so a captured body replayed under a new id is caught); the sources'
 * rate limit; and only then what it asks for. Nothing is parsed, logged one line each or counted
 * against a source before the signature verifies: see {@link Refusals} for the rest.
 */
final class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    private final SourceMatcher matcher;
    private final WebhookSecrets secrets;
    private final RateLimiter rateLimiter;
    private final DeliveryLog deliveries;
    private final WebhookDispatcher dispatcher;
    private final Refusals refusals;

    WebhookReceiver(SourceMatcher matcher, WebhookSecrets secrets, RateLimiter rateLimiter, DeliveryLog deliveries,
                    WebhookDispatcher dispatcher, Refusals refusals) {
        this.matcher = matcher;
        this.secrets = secrets;
        this.rateLimiter = rateLimiter;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
        this.refusals = refusals;
    }

    /** A delivery to the provider's shared endpoint: any source's secret may sign it. */
    WebhookOutcome receive(Delivery delivery) {
        if (!secrets.any()) {
            return refusals.refuseUnconfigured(delivery);
        }
        return receive(delivery, matcher.all());
    }

    /**
     * A delivery to {@code source}'s own endpoint: only its secret may sign it. A source that exists without a
     * secret answers 403; an unknown name answers as a wrong signature does, so the path is no oracle of names.
     */
    WebhookOutcome receiveFor(String source, Delivery delivery) {
        List<SourceProperties> named = matcher.all().stream().filter(s -> s.name().equals(source)).toList();
        if (!named.isEmpty() && secrets.of(source).isEmpty()) {
            return refusals.refuseUnconfigured(delivery);
        }
        return receive(delivery, named);
    }

    private WebhookOutcome receive(Delivery delivery, List<SourceProperties> candidates) {
        List<SourceProperties> verified = verified(delivery, candidates);
        if (verified.isEmpty()) {
            return refusals.refuse(delivery);
        }
        WebhookEvent event;
        try {
            event = WebhookPayloads.parse(delivery.provider(), delivery.event(), delivery.body());
        } catch (WebhookPayloadException e) {
            return new WebhookOutcome.Problem(400, e.getMessage());
        }
        List<SourceProperties> watching = matcher.sourcesOf(event.repository());
        if (watching.isEmpty()) {
            // The sender knows a secret; an organisation-wide hook also reports repositories nobody watches.
            return new WebhookOutcome.Ignored("no source watches repository " + Logs.safe(event.repository().describe()),
                    "unknown-source");
        }
        List<SourceProperties> targets = watching.stream().filter(verified::contains).toList();
        if (targets.isEmpty()) {
            return refusals.refuse(delivery); // signed for another source: as good as unsigned here
        }
        List<String> keys = dedupKeys(delivery);
        if (!deliveries.firstDelivery(keys)) {
            log.debug("webhook {} delivery {}: duplicate, ignored", delivery.provider().id(),
                    Logs.safe(delivery.deliveryId()));
            return new WebhookOutcome.Ignored("duplicate delivery, ignored", "duplicate");
        }
        List<String> names = targets.stream().map(SourceProperties::name).toList();
        Duration wait = rateLimiter.acquire(names);
        if (!wait.isZero()) {
            deliveries.forget(keys); // a delivery refused for now may be redelivered
            log.warn("webhook {} delivery {} for source {} refused: over sextant.webhooks.rate-limit",
                    delivery.provider().id(), Logs.safe(delivery.deliveryId()), String.join(", ", names));
            return new WebhookOutcome.RateLimited(Math.max(1, (wait.toMillis() + 999) / 1000));
        }
        try {
            return dispatcher.dispatch(event, targets, delivery.deliveryId());
        } catch (RuntimeException e) {
            deliveries.forget(keys); // let the host's redelivery try again
            log.error("webhook {} delivery {}: handling failed", delivery.provider().id(), Logs.safe(delivery.deliveryId()), e);
            return new WebhookOutcome.Problem(500, "handling the delivery failed; the engine log has the details");
        }
    }

    /** The candidates whose secret verifies the raw body; checked before anything in the body is read. */
    private List<SourceProperties> verified(Delivery delivery, List<SourceProperties> candidates) {
        if (delivery.signature() == null || delivery.signature().isBlank()) {
            return List.of();
        }
        List<SourceProperties> verified = new ArrayList<>();
        for (SourceProperties source : candidates) {
            Optional<byte[]> secret = secrets.of(source.name());
            if (secret.isPresent() && WebhookSignatures.check(delivery.provider(), secret.get(), delivery.body(),
                    delivery.signature()) == SignatureCheck.VALID) {
                verified.add(source);
            }
        }
        return verified;
    }

    /** The delivery id, and the body's digest: a body is signed once, so the same bytes again are a replay. */
    private static List<String> dedupKeys(Delivery delivery) {
        List<String> keys = new ArrayList<>(2);
        if (delivery.deliveryId() != null) {
            keys.add(delivery.provider().id() + ":id:" + delivery.deliveryId());
        }
        keys.add(delivery.provider().id() + ":sha256:" + HexFormat.of().formatHex(sha256(delivery.body())));
        return keys;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
