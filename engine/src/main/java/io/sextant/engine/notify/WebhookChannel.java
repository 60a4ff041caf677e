package io.sextant.engine.notify;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generic webhook: a CloudEvents 1.0 event in structured JSON mode, signed. The receiver recomputes
 * {@code HMAC-SHA256(secret, timestamp + "." + body)} over the raw body, compares it in constant time with
 * {@code X-Sextant-Signature: sha256=<hex>}, refuses a {@code X-Sextant-Timestamp} (Unix seconds) older than a
 * few minutes (a replay), and drops an {@code id} it has seen (a redelivery).
 */
record WebhookChannel(String name, HttpDelivery http, byte[] secret, Clock clock) implements Channel {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    WebhookChannel(String name, URI url, Duration timeout, byte[] secret, Clock clock) {
        this(name, new HttpDelivery(url, timeout), secret.clone(), clock);
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Delivery send(Outgoing message) {
        byte[] body = JSON.writeValueAsString(event(message)).getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return http.post("application/cloudevents+json; charset=utf-8", body, Map.of(
                        "X-Sextant-Delivery", message.deliveryKey(),
                        "X-Sextant-Timestamp", timestamp,
                        "X-Sextant-Signature", "sha256=" + sign(secret, timestamp, body)))
                .delivery("webhook");
    }

    static ObjectNode event(Outgoing message) {
        Notification n = message.notification();
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", message.deliveryKey());
        event.put("source", "/sextant/sources/" + (n.source() == null ? "-" : n.source()));
        event.put("type", n.type().cloudEventType());
        event.put("time", n.time());
        event.put("subject", n.resource());
        event.put("datacontenttype", "application/json");
        ObjectNode data = event.putObject("data");
        data.putObject("resource").put("kind", n.kind()).put("namespace", n.namespace()).put("name", n.name());
        data.put("source", n.source());
        data.put("backend", n.backend());
        data.put("commit", n.commit());
        data.put("commitMessage", n.commitMessage());
        if (n.pullRequest() == null) {
            data.putNull("pullRequest");
        } else {
            data.put("pullRequest", n.pullRequest());
        }
        data.put("message", n.message());
        data.put("occurrences", message.occurrences());
        data.put("firstAt", message.firstAt());
        data.put("lastAt", message.lastAt());
        ObjectNode links = data.putObject("links");
        n.links().forEach(links::put);
        return event;
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}. */
    static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Never prints the secret (a record would). */
    @Override
    public String toString() {
        return "WebhookChannel[" + name + "]";
    }
}
