package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.engine.notify.Channel.Delivery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CloudEvents webhook against a real HTTP receiver that checks what README "Notifications" tells receivers
 * to check: the HMAC-SHA256 signature over {@code timestamp.body}, the timestamp's age, and the event's fields.
 */
class WebhookChannelTest {

    private static final byte[] SECRET = "receiver-shared-secret".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    HttpServer receiver;
    final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Sextant-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Sextant-Signature");
            int status = 204;
            if (!verified(timestamp, body, signature)) {
                refused.add("bad signature");
                status = 401;
            } else if (Math.abs(Long.parseLong(timestamp) - NOW.getEpochSecond()) > 300) {
                refused.add("stale timestamp");
                status = 401;
            } else {
                accepted.add(JsonMapper.builder().build().readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    /** What a receiver does, written from the README, not from the sender's code. */
    static boolean verified(String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return signature != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    signature.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private WebhookChannel channel(byte[] secret, Instant now) {
        return new WebhookChannel("hooks", URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/events"),
                Duration.ofSeconds(2), secret, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void sendsASignedCloudEventTheReceiverVerifies() {
        Delivery result = channel(SECRET, NOW).send(Notifications.outgoing(Notifications.failed("llama", "503"), 2));

        assertThat(result).isInstanceOf(Delivery.Delivered.class);
        assertThat(refused).isEmpty();
        JsonNode event = accepted.get(0);
        assertThat(event.path("specversion").asString()).isEqualTo("1.0");
        assertThat(event.path("id").asString()).isEqualTo("audit-7.ops");
        assertThat(event.path("source").asString()).isEqualTo("/sextant/sources/platform");
        assertThat(event.path("type").asString()).isEqualTo("io.sextant.sync.failed");
        assertThat(event.path("time").asString()).isEqualTo("2026-12-03T08:00:00Z");
        assertThat(event.path("subject").asString()).isEqualTo("ModelDeployment/search/llama");
        assertThat(event.path("datacontenttype").asString()).isEqualTo("application/json");
        JsonNode data = event.path("data");
        assertThat(data.path("occurrences").asInt()).isEqualTo(2);
        assertThat(data.path("pullRequest").asInt()).isEqualTo(17);
        assertThat(data.path("message").asString()).isEqualTo("503");
        assertThat(data.path("links").path("dashboard").asString())
                .isEqualTo("https://sextant.example.com/#/resources/ModelDeployment/search/llama");
    }

    @Test
    void aReceiverRefusesAWrongSecretOrAReplayedOldMessage() {
        Delivery wrongSecret = channel("other".getBytes(StandardCharsets.UTF_8), NOW)
                .send(Notifications.outgoing(Notifications.failed("llama", "x"), 1));
        Delivery old = channel(SECRET, NOW.minus(Duration.ofHours(1)))
                .send(Notifications.outgoing(Notifications.failed("llama", "x"), 1));

        assertThat(wrongSecret).isEqualTo(new Delivery.Refused("webhook answered 401"));
        assertThat(old).isEqualTo(new Delivery.Refused("webhook answered 401"));
        assertThat(refused).containsExactly("bad signature", "stale timestamp");
        assertThat(accepted).isEmpty();
    }
}
