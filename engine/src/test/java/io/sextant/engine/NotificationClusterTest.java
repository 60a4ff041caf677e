package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.testing.GitCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two engine replicas on one PostgreSQL, both dispatching notifications every 50 ms: each notification of a
 * blocked sync (chosen by a rule on the resources' labels) reaches the webhook once, whichever replica sends it.
 */
class NotificationClusterTest {

    static final String SOURCE = "fleet";
    static final int MODELS = 6;

    @TempDir
    static Path root;

    static Path work;
    static EmbeddedPostgres postgres;
    static HttpServer receiver;
    static final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/events", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Sextant-Delivery"),
                    k -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(30); // a receiver that takes a moment widens the window for a double send
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        work = GitCli.initRepo(root.resolve("work"));
        for (int i = 0; i < MODELS; i++) {
            GitCli.writeFile(work, "teams/search/m" + i + ".yaml", deployment("m" + i));
        }
        GitCli.commitAll(work, "six models");
        postgres = EmbeddedPostgres.start();
        a = start("a");
        b = start("b");
        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
        EngineClient.await("the start-up reconcile finished", Duration.ofSeconds(120),
                () -> ClusterFailoverTest.idle(db) && db.queryForObject(
                        "SELECT COUNT(*) FROM audit_event WHERE action = 'create'", Integer.class) == MODELS);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, postgres}) {
            if (c != null) {
                c.close();
            }
        }
        receiver.stop(0);
    }

    @Test
    void eachNotificationReachesTheChannelOnceFromTwoReplicas() {
        for (int i = 0; i < MODELS; i++) {
            GitCli.git(work, "rm", "-q", "teams/search/m" + i + ".yaml");
        }
        GitCli.commitAll(work, "retire all six");

        a.getBean(Reconciler.class).runNow(SOURCE, Trigger.MANUAL, null);

        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
        EngineClient.await("every notification delivered", Duration.ofSeconds(60), () -> db.queryForObject(
                "SELECT COUNT(*) FROM notification_outbox WHERE state = 'delivered'", Integer.class) >= MODELS
                && db.queryForObject("SELECT COUNT(*) FROM notification_outbox WHERE state <> 'delivered'",
                        Integer.class) == 0);
        java.util.List<String> blocked = db.queryForList("SELECT id FROM audit_event WHERE outcome = 'blocked'",
                Long.class).stream().map(id -> "audit-" + id + ".hooks").toList();
        assertThat(blocked).hasSize(MODELS);
        // Each replica's sim backend lives in its own data directory, so the other replica may also report drift:
        // those notifications count too, and every one must arrive once.
        assertThat(received).containsKeys(blocked.toArray(String[]::new));
        assertThat(received.values()).allSatisfy(count -> assertThat(count.get()).isOne());
    }

    static String deployment(String name) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search, labels: {tier: prod}}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/%s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0}
                  resources:
                    gpu: {type: L4-24GB, count: 1}
                  replicas: 1
                """.formatted(name, name);
    }

    static ConfigurableApplicationContext start(String name) throws Exception {
        Path secret = Files.writeString(root.resolve("hook-secret"), "cluster-secret", StandardCharsets.UTF_8);
        return new SpringApplicationBuilder(SextantApplication.class).profiles("postgres").properties(
                "server.port=0", "sextant.data-dir=" + Files.createDirectories(root.resolve(name)),
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=",
                "spring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "sextant.api.admin-token=admin", "sextant.drift.interval=1h", "sextant.sync.max-deletions=0",
                "sextant.sources[0].name=" + SOURCE, "sextant.sources[0].url=" + work,
                "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                "sextant.notifications.dispatch-interval=50ms",
                "sextant.notifications.channels[0].name=hooks", "sextant.notifications.channels[0].type=webhook",
                "sextant.notifications.channels[0].url=http://127.0.0.1:" + receiver.getAddress().getPort() + "/events",
                "sextant.notifications.channels[0].secret-file=" + secret,
                "sextant.notifications.rules[0].channels[0]=hooks",
                // Selecting by label: the deletions' resources have left Git, so the labels come from live state.
                "sextant.notifications.rules[0].labels.tier=prod").run();
    }
}
