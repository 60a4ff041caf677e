package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas' dispatchers, each with its own connections, racing over one outbox on a real PostgreSQL: every
 * message reaches the (real, signature-checking) receiver once.
 */
class TwoReplicaDeliveryTest {

    static EmbeddedPostgres postgres;
    static HttpServer receiver;
    static final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.createContext("/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean signed = WebhookChannelTest.verified(exchange.getRequestHeaders().getFirst("X-Sextant-Timestamp"),
                    body, exchange.getRequestHeaders().getFirst("X-Sextant-Signature"));
            if (signed) {
                received.computeIfAbsent(exchange.getRequestHeaders().getFirst("X-Sextant-Delivery"),
                        k -> new AtomicInteger()).incrementAndGet();
            }
            exchange.sendResponseHeaders(signed ? 204 : 401, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        receiver.stop(0);
        postgres.close();
    }

    private static Wiring replica(DataSource dataSource) {
        Channel hook = new WebhookChannel("hooks", URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/events"), Duration.ofSeconds(5), "receiver-shared-secret".getBytes(StandardCharsets.UTF_8),
                java.time.Clock.systemUTC());
        return new Wiring(dataSource, Map.of("hooks", hook), List.of(Wiring.everything("hooks")), Duration.ofMinutes(10));
    }

    @Test
    void twoReplicasOnOnePostgresDeliverEachMessageOnce() throws Exception {
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        Wiring first = replica(postgres.getPostgresDatabase());
        Wiring second = replica(postgres.getPostgresDatabase());
        for (int i = 0; i < 120; i++) {
            (i % 2 == 0 ? first : second).failed("model-" + i, "backend said 503");
        }

        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> rounds = List.of(first.replica(), first.replica(), second.replica(), second.replica())
                    .stream().<Future<?>>map(d -> replicas.submit(() -> {
                        while (first.rows("state = 'pending'") > 0) {
                            d.dispatch();
                        }
                    })).toList();
            for (Future<?> round : rounds) {
                round.get();
            }
        } finally {
            replicas.shutdownNow();
        }

        assertThat(received).hasSize(120);
        assertThat(received.values()).allSatisfy(count -> assertThat(count.get()).isOne());
        assertThat(first.rows("state = 'delivered'")).isEqualTo(120);
    }
}
