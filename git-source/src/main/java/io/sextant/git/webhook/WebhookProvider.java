package io.sextant.git.webhook;

import java.util.List;
import java.util.Locale;

/**
 * A Git host that sends webhooks, with the headers its deliveries carry. Header names are what the
 * hosts document; HTTP header lookup is case-insensitive, so the spelling here is cosmetic.
 */
public enum WebhookProvider {

    /** GitHub: HMAC-SHA256 of the body, {@code sha256=<hex>}. */
    GITHUB("X-GitHub-Event", "X-Hub-Signature-256", List.of("X-GitHub-Delivery")),

    /**
     * GitLab: the shared secret itself in {@code X-Gitlab-Token}. {@code Idempotency-Key} stays the
     * same across GitLab's retries of one event, so it is preferred over the per-event UUID.
     */
    GITLAB("X-Gitlab-Event", "X-Gitlab-Token", List.of("Idempotency-Key", "X-Gitlab-Event-UUID")),

    /** Gitea (and Forgejo): HMAC-SHA256 of the body as bare hex. */
    GITEA("X-Gitea-Event", "X-Gitea-Signature", List.of("X-Gitea-Delivery"));

    private final String eventHeader;
    private final String signatureHeader;
    private final List<String> deliveryHeaders;

    WebhookProvider(String eventHeader, String signatureHeader, List<String> deliveryHeaders) {
        this.eventHeader = eventHeader;
        this.signatureHeader = signatureHeader;
        this.deliveryHeaders = deliveryHeaders;
    }

    /** The header naming the event ({@code push}, {@code Push Hook}, ...). */
    public String eventHeader() {
        return eventHeader;
    }

    /** The header carrying the signature (GitHub, Gitea) or the secret token (GitLab). */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** Headers identifying one delivery, best first; a redelivery of the same event repeats them. */
    public List<String> deliveryHeaders() {
        return deliveryHeaders;
    }

    /** The lower-case name used in URLs, configuration ({@code host.type}) and events. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
