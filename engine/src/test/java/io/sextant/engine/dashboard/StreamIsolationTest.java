package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One dashboard client cannot hurt the others: a browser that stops reading does not hold up anyone
 * else's events or heartbeats, and one client cannot take every stream slot. A real engine; the burst
 * of events goes through the same stream the engine's reconcile events use.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamIsolationTest {

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    EventStream streams;
    int port;

    @BeforeAll
    void start() {
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir, "sextant.dashboard.heartbeat=1s",
                        "sextant.dashboard.write-timeout=2s", "sextant.dashboard.max-clients=4",
                        "sextant.dashboard.max-clients-per-client=2")
                .run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        streams = engine.getBean(EventStream.class);
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @BeforeEach
    void noStreamsOpen() {
        EngineClient.await("earlier streams gone", Duration.ofSeconds(30), () -> streams.clientCount() == 0);
    }

    @Test
    void aClientThatStopsReadingDelaysNoOtherStreamsEventsOrHeartbeats() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(1024);
            stalled.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            send(stalled, "GET /api/v1/events HTTP/1.1\r\nHost: engine\r\nAccept: text/event-stream\r\n\r\n");
            EngineClient.await("the stalled stream open", Duration.ofSeconds(10), () -> streams.clientCount() == 1);
            try (SseClient reader = SseClient.open(port)) {
                reader.await("hello", Duration.ofSeconds(10), e -> e.name().equals("hello"));
                String filler = "x".repeat(64 * 1024);

                // ~25 MB: far more than the stalled client's socket buffers hold.
                for (int i = 0; i < 400; i++) {
                    streams.publish("audit", Map.of("n", i, "filler", filler));
                }
                streams.publish("audit", Map.of("n", "last"));

                reader.await("the last event of the burst", Duration.ofSeconds(10),
                        e -> e.name().equals("audit") && e.data().contains("\"last\""));
                int seen = reader.received();
                reader.await("a heartbeat after the burst", Duration.ofSeconds(5), seen,
                        e -> e.name().equals(":comment"));
                EngineClient.await("the stalled stream dropped", Duration.ofSeconds(15),
                        () -> streams.clientCount() == 1);
                seen = reader.received();
                reader.await("heartbeats go on", Duration.ofSeconds(5), seen, e -> e.name().equals(":comment"));
            }
        }
    }

    @Test
    void oneClientCannotTakeEveryStreamSlot() throws Exception {
        try (SseClient first = SseClient.open(port); SseClient second = SseClient.open(port);
             SseClient third = SseClient.open(port)) {
            assertThat(first.response().statusCode()).isEqualTo(200);
            assertThat(second.response().statusCode()).isEqualTo(200);

            assertThat(third.response().statusCode()).isEqualTo(429);
            assertThat(third.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(third.response().headers().firstValue("Retry-After")).hasValue("10");

            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress("127.0.0.2", 0));
                other.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                send(other, "GET /api/v1/events HTTP/1.1\r\nHost: engine\r\nAccept: text/event-stream\r\n\r\n");
                assertThat(statusLine(other.getInputStream())).as("another client still gets a stream")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    private static void send(Socket socket, String request) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String statusLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
