package io.sextant.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Slow clients without a token (bodies or headers trickling a byte at a time, over raw sockets) cannot
 * keep the engine from answering its health probe and its API. The engine runs with a short webhook
 * body deadline so the test holds the slow connections for about 20 s rather than minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowConnectionsTest {

    /** Generous for a loaded CI machine, yet far below what a starved thread pool makes a probe wait. */
    static final Duration PROBE_BOUND = Duration.ofSeconds(3);

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    int port;
    String adminToken;

    @BeforeAll
    void start() throws Exception {
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir, "sextant.webhooks.read-timeout=4s")
                .run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        adminToken = Files.readString(dataDir.resolve("admin-token")).trim();
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void healthAndApiAnswerWhileFiveHundredSlowClientsHoldConnections() throws Exception {
        List<String> heads = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            heads.add(switch (i % 4) {
                case 0 -> "POST /api/v1/webhooks/github HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                        + "X-GitHub-Event: push\r\nContent-Length: 1000000\r\n\r\n{";
                case 1 -> "POST /api/v1/sync HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000000\r\n\r\n{";
                default -> "GET /api/v1/resources HTTP/1.1\r\nHost: engine\r\nX-Slow: ";
            });
        }
        assertThat(probeWhileTrickling(heads, Duration.ofSeconds(20))).as("probes that got no timely answer").isEmpty();
    }

    /**
     * Bodies the engine answers without reading (refused as too large before a byte is read, or sent where
     * no endpoint reads one) used to be swallowed by Tomcat to keep the connection alive, a byte at a time
     * for as long as the client kept trickling: one thread each. More of them than the server has threads
     * left the health probe unanswered.
     */
    @Test
    void healthAnswersWhileUnreadBodiesTrickleFasterThanAnyReadTimeout() throws Exception {
        List<String> heads = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            heads.add(switch (i % 4) {
                case 0 -> "POST /api/v1/webhooks/github HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                        + "X-GitHub-Event: push\r\nContent-Length: 60000000\r\n\r\n{";
                // A JSON string that stays valid however long it trickles: the health endpoint would read it.
                case 1 -> "GET /actuator/health HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60000\r\n\r\n{\"a\":\"";
                case 2 -> "POST /api/v1/webhooks HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 60000\r\n\r\n{";
                default -> "OPTIONS /api/v1/resources HTTP/1.1\r\nHost: engine\r\nContent-Length: 60000\r\n\r\n{";
            });
        }
        assertThat(probeWhileTrickling(heads, Duration.ofSeconds(10))).as("probes that got no timely answer").isEmpty();
    }

    @Test
    void aRefusedBodySentWholeStillLetsTheClientReadTheAnswer() throws Exception {
        String body = "{\"padding\":\"" + "x".repeat(48 * 1024) + "\"}";
        try (Socket socket = open("POST /api/v1/sync HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body)) {
            socket.setSoTimeout((int) PROBE_BOUND.toMillis());

            String answer = readToEnd(socket.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 401").contains("application/problem+json").contains("admin token");
        }
    }

    /** Opens a connection for each head, trickles a byte on each every second and probes; the failed probes. */
    private List<String> probeWhileTrickling(List<String> heads, Duration howLong) throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (String head : heads) {
                slow.add(open(head));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_BOUND).build();
            List<String> failures = new CopyOnWriteArrayList<>();
            long slowest = 0;
            long end = System.nanoTime() + howLong.toNanos();
            while (System.nanoTime() < end) {
                trickle(slow);
                for (String path : List.of("/actuator/health", "/api/v1/resources")) {
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(
                                        "http://127.0.0.1:" + port + path)).timeout(PROBE_BOUND)
                                .header("Authorization", "Bearer " + adminToken).GET().build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200) {
                            failures.add(path + " answered " + answer.statusCode());
                        }
                    } catch (IOException e) {
                        failures.add(path + ": " + e);
                    }
                    slowest = Math.max(slowest, System.nanoTime() - started);
                }
                Thread.sleep(1000);
            }
            System.out.printf("slowest probe under %d slow connections: %d ms%n", heads.size(), slowest / 1_000_000);
            return failures;
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "POST /api/v1/sync                       | 401 | Content-Length: 1000000",
            "POST /api/v1/webhooks/github            | 413 | X-GitHub-Event: push\\r\\nContent-Length: 60000000",
            "GET /actuator/health                    | 400 | Content-Length: 60000",
            "OPTIONS /api/v1/resources               | 400 | Content-Length: 60000"})
    void aBodyTheEngineDoesNotReadIsNotWaitedForAndTheConnectionIsClosed(String request, int status, String headers)
            throws Exception {
        try (Socket socket = open(request + " HTTP/1.1\r\nHost: engine\r\nContent-Type: application/json\r\n"
                + headers.replace("\\r\\n", "\r\n") + "\r\n\r\n{")) {
            socket.setSoTimeout((int) PROBE_BOUND.toMillis());

            String answer = readToEnd(socket.getInputStream());

            assertThat(answer).as("the whole answer, and the connection closed, while the body never comes")
                    .startsWith("HTTP/1.1 " + status).containsIgnoringCase("Connection: close");
            assertThat(answer).contains("application/problem+json");
        }
    }

    @Test
    void webhookBodyTricklingPastTheDeadlineIsRefusedAndTheConnectionClosed() throws Exception {
        try (Socket socket = open("POST /api/v1/webhooks/github HTTP/1.1\r\nHost: engine\r\n"
                + "Content-Type: application/json\r\nX-GitHub-Event: push\r\nContent-Length: 1000\r\n\r\n{")) {
            socket.setSoTimeout(200);
            StringBuilder answer = new StringBuilder();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (System.nanoTime() < deadline) {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException closed) {
                    // the engine closed the connection; its answer is what was read
                }
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // keep trickling
                } catch (IOException reset) {
                    break;
                }
            }

            assertThat(answer.toString()).as("answer within 15 s to a body trickling past the 4 s deadline")
                    .startsWith("HTTP/1.1 408").containsIgnoringCase("Connection: close")
                    .contains("sextant.webhooks.read-timeout");
        }
    }

    private Socket open(String head) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** One more byte on every slow connection the engine still holds open. */
    private static void trickle(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.getOutputStream().write('a');
            } catch (IOException closedByEngine) {
                // refused and closed: nothing more to send
            }
        }
    }

    private static String readToEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
