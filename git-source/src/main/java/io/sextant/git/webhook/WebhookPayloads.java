package io.sextant.git.webhook;

import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses webhook deliveries from GitHub, GitLab and Gitea into {@link WebhookEvent}s. Parsing never
 * trusts a delivery: call it before the signature check only to learn which repository (and so
 * which secrets) a delivery claims, and act on nothing until the signature has been verified.
 */
public final class WebhookPayloads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WebhookPayloads() {
    }

    /**
     * @param provider the host the delivery claims to come from (the endpoint it was sent to)
     * @param event    the value of the provider's {@link WebhookProvider#eventHeader() event header}
     * @param body     the raw request body
     * @throws WebhookPayloadException when the event header is missing, the body is not a JSON
     *                                 object, or an event lacks a field it always has
     */
    public static WebhookEvent parse(WebhookProvider provider, String event, byte[] body)
            throws WebhookPayloadException {
        Objects.requireNonNull(provider, "provider");
        if (event == null || event.isBlank()) {
            throw new WebhookPayloadException("missing header " + provider.eventHeader()
                    + ": this endpoint takes " + provider.id() + " webhooks");
        }
        JsonNode root = readObject(body);
        return switch (provider) {
            case GITHUB, GITEA -> GitHubPayloads.parse(provider, event.trim(), root);
            case GITLAB -> GitLabPayloads.parse(event.trim(), root);
        };
    }

    private static JsonNode readObject(byte[] body) throws WebhookPayloadException {
        if (body == null || body.length == 0) {
            throw new WebhookPayloadException("empty body: webhooks must be sent as application/json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new WebhookPayloadException("the body is not JSON (send webhooks as application/json): "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new WebhookPayloadException("the body is not a JSON object");
        }
        return root;
    }

    /** A field every event of its kind has; its absence means the delivery is not what it claims. */
    static String required(JsonNode root, String what, String... path) throws WebhookPayloadException {
        String value = Json.text(root, path);
        if (value == null) {
            throw new WebhookPayloadException(what + " payload has no '" + String.join(".", path) + "'");
        }
        return value;
    }
}
