package io.sextant.analysis.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A metrics endpoint that misbehaves makes a read fail in time, never hang or fill memory. */
class HttpEndpointTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    private URI serve(String path, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            try (OutputStream out = exchange.getResponseBody()) {
                handler.handle(exchange, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange, OutputStream out) throws IOException,
                InterruptedException;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aServerThatStallsInTheMiddleOfItsMetricsTimesOut() throws Exception {
        URI uri = serve("/metrics", (exchange, out) -> {
            exchange.sendResponseHeaders(200, 0);
            out.write("vllm:num_requests_waiting{engine=\"0\"} ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            release.await();
        });
        HttpEndpoint endpoint = new HttpEndpoint(HttpClient.newHttpClient(), uri, Duration.ofMillis(300));

        assertThatThrownBy(endpoint::scrape).isInstanceOf(IOException.class)
                .hasMessage(uri + " did not send its answer within PT0.3S");
    }

    @Test
    void metricsWithoutEndAreCutOff() throws Exception {
        byte[] line = "vllm:num_requests_waiting{engine=\"0\"} 1.0\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
        URI uri = serve("/metrics", (exchange, out) -> {
            exchange.sendResponseHeaders(200, 0);
            try {
                while (true) {
                    out.write(line);
                }
            } catch (IOException closed) {
                // the reader gave up, as it should
            }
        });
        HttpEndpoint endpoint = new HttpEndpoint(HttpClient.newHttpClient(), uri, Duration.ofSeconds(20));

        assertThatThrownBy(endpoint::scrape).hasMessage(uri + ": the answer is larger than 16777216 bytes");
    }

    @Test
    void onlyHttpUrlsAreMetricsEndpoints() {
        assertThatThrownBy(() -> new HttpEndpoint(HttpClient.newHttpClient(), URI.create("file:///etc/passwd"),
                Duration.ofSeconds(1))).hasMessageContaining("must be http or https");
        assertThat(HttpEndpoint.MAX_BYTES).isEqualTo(16 * 1024 * 1024);
    }
}
