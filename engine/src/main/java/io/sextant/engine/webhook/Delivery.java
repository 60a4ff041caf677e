package io.sextant.engine.webhook;

import io.sextant.git.webhook.WebhookProvider;
import java.util.Objects;

/**
 * One webhook request as received, before anything about it is trusted.
 *
 * @param provider   the host, from the endpoint it was sent to
 * @param event      the event header's value, or null
 * @param deliveryId the host's delivery id, or null when it sends none
 * @param signature  the signature (or GitLab token) header's value, or null
 * @param body       the raw body, at most {@code sextant.webhooks.max-payload-size} bytes
 * @param client     the sender's address, which unauthenticated deliveries are limited by
 */
record Delivery(WebhookProvider provider, String event, String deliveryId, String signature, byte[] body,
                String client) {

    /** Longer ids are cut: they only key a bounded in-memory log. */
    private static final int MAX_ID_LENGTH = 200;

    /** A delivery from an unknown address. */
    Delivery(WebhookProvider provider, String event, String deliveryId, String signature, byte[] body) {
        this(provider, event, deliveryId, signature, body, "unknown");
    }

    Delivery {
        Objects.requireNonNull(provider, "provider");
        client = client == null ? "unknown" : client;
        Objects.requireNonNull(body, "body");
        if (deliveryId != null) {
            deliveryId = deliveryId.isBlank() ? null : deliveryId.strip();
        }
        if (deliveryId != null && deliveryId.length() > MAX_ID_LENGTH) {
            deliveryId = deliveryId.substring(0, MAX_ID_LENGTH);
        }
    }
}
