package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A notification pending while its webhook is down survives a {@code kill -9} of the engine and is delivered,
 * once, by the restarted engine; the API and the metrics show it, and the signing secret shows nowhere.
 */
class NotificationCrashTest {

    private static final String SECRET = "crash-test-signing-secret-4711";

    @TempDir
    Path root;

    HttpServer receiver;
    volatile boolean up;
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (!up) {
                exchange.sendResponseHeaders(503, -1);
            } else if (signature(exchange.getRequestHeaders().getFirst("X-Sextant-Timestamp"), body)
                    .equals(exchange.getRequestHeaders().getFirst("X-Sextant-Signature"))) {
                received.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Sextant-Delivery"),
                        k -> new AtomicInteger()).incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } else {
                exchange.sendResponseHeaders(401, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private static String signature(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> settings() throws Exception {
        Path secretFile = Files.writeString(root.resolve("hook-secret"), SECRET + "\n");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("sextant.sync.max-deletions", "0");
        settings.put("sextant.notifications.dashboard-url", "https://sextant.example.com");
        settings.put("sextant.notifications.channels[0].name", "hooks");
        settings.put("sextant.notifications.channels[0].type", "webhook");
        settings.put("sextant.notifications.channels[0].url", "http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/events");
        settings.put("sextant.notifications.channels[0].secret-file", secretFile.toString());
        settings.put("sextant.notifications.rules[0].channels[0]", "hooks");
        settings.put("sextant.notifications.rules[0].events[0]", "sync.blocked");
        settings.put("sextant.notifications.retry.initial-delay", "1s");
        settings.put("sextant.notifications.retry.max-delay", "2s");
        return settings;
    }

    private static void git(Path repo, String... args) throws Exception {
        String[] command = new String[args.length + 7];
        System.arraycopy(new String[] {"git", "-C", repo.toString(), "-c", "user.name=Ada", "-c",
                "user.email=ada@example.com"}, 0, command, 0, 7);
        System.arraycopy(args, 0, command, 7, args.length);
        Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(git.waitFor()).as(out).isZero();
    }

    @Test
    void aPendingNotificationSurvivesAKillAndIsDeliveredOnceAfterTheRestart() throws Exception {
        Map<String, String> settings = settings();
        Path logs = root.resolve("logs");
        EngineReplica engine = EngineReplica.start("engine", root, logs, settings);
        String key;
        try {
            engine.awaitUp(Duration.ofSeconds(240));
            EngineClient client = engine.client(Files.readString(engine.dataDir.resolve("admin-token")).strip());
            EngineClient.await("the sample fleet synced", Duration.ofSeconds(120),
                    () -> client.getJson("/api/v1/audit?action=create").get("items").size() >= 7);
            git(engine.dataDir.resolve("sample-repo"), "rm", "-q", "teams/ranking/bge-reranker.yaml");
            git(engine.dataDir.resolve("sample-repo"), "commit", "-q", "-m", "retire the reranker");
            client.sync();
            EngineClient.await("the deletion blocked and its notification tried", Duration.ofSeconds(120), () -> {
                JsonNode items = client.getJson("/api/v1/notifications").get("items");
                return items.size() == 1 && items.get(0).get("attempts").asInt() >= 1;
            });
            JsonNode pending = client.getJson("/api/v1/notifications").get("items").get(0);
            assertThat(pending.get("state").asString()).isEqualTo("pending");
            assertThat(pending.get("lastError").asString()).isEqualTo("webhook answered 503");
            key = pending.get("deliveryKey").asString();
        } finally {
            engine.kill();
        }

        up = true;
        try (EngineReplica restarted = EngineReplica.startOn(engine.dataDir, "restarted", logs, settings)) {
            restarted.awaitUp(Duration.ofSeconds(240));
            EngineClient client = restarted.client(null);
            EngineClient.await("the notification delivered", Duration.ofSeconds(60),
                    () -> client.getJson("/api/v1/notifications?state=delivered").get("items").size() == 1);

            assertThat(received).containsOnlyKeys(key);
            assertThat(received.get(key).get()).isOne();
            String api = client.get("/api/v1/notifications").body();
            assertThat(api).contains("\"event\":\"sync.blocked\"").contains(
                    "https://sextant.example.com/#/resources/ModelDeployment/ranking/bge-reranker")
                    .contains("\"channels\":[{\"name\":\"hooks\",\"type\":\"webhook\",\"pending\":0,\"delivered\":1,\"failed\":0}]")
                    .doesNotContain(SECRET);
            var badQuery = client.get("/api/v1/notifications?state=lost");
            assertThat(badQuery.statusCode()).isEqualTo(400);
            assertThat(badQuery.body()).contains("state must be pending, delivered or failed, was 'lost'");
            String metrics = client.get("/actuator/prometheus").body();
            assertThat(metrics).contains("sextant_notifications_sent_total{channel=\"hooks\"} 1.0")
                    .contains("sextant_notifications_failed_total{channel=\"hooks\",result=\"refused\"} 0.0");
            EngineClient.await("pending gauge at zero", Duration.ofSeconds(10), () -> client.get("/actuator/prometheus")
                    .body().contains("sextant_notifications_pending{channel=\"hooks\"} 0.0"));
        }
        for (Path log : Files.list(logs).toList()) {
            assertThat(Files.readString(log)).as("log %s", log).doesNotContain(SECRET);
        }
    }
}
