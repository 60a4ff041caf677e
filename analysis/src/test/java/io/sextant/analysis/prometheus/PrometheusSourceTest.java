package io.sextant.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.sextant.analysis.Measure;
import io.sextant.analysis.Reading;
import io.sextant.analysis.SignalKind;
import io.sextant.analysis.Target;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Prometheus source sends and how it reads answers a real Prometheus cannot be made to give. */
class PrometheusSourceTest {

    private static final Target TARGET = new Target("search", "llama", "vllm-shared", "llama-v2", "llama-v1");
    private final HttpServer server = start();
    private final AtomicReference<String> query = new AtomicReference<>();
    private final AtomicReference<String> authorization = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1764230400.1,\"0.42\"]}]}}";
    private volatile boolean hang;
    private volatile boolean stallBody;

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            s.createContext("/prom/api/v1/query", exchange -> {
                query.set(exchange.getRequestURI().getQuery());
                authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                if (hang) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                if (stallBody) {
                    exchange.sendResponseHeaders(status, 0); // chunked: the body never ends
                    exchange.getResponseBody().write(bytes, 0, 10);
                    exchange.getResponseBody().flush();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            s.start();
            return s;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private PrometheusSource source(Optional<String> token, Duration timeout) {
        return new PrometheusSource(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/"), token, timeout);
    }

    private Reading read(PrometheusSource source, String template) {
        return source.probe(new Measure.Query(template), TARGET, "llama-v2", Duration.ofSeconds(30))
                .read(Instant.now());
    }

    @Test
    void sendsTheQueryWithItsVariablesFilledAndTheBearerToken() {
        Reading r = read(source(Optional.of("s3cret"), Duration.ofSeconds(5)),
                "p95{ns=\"{{namespace}}\",v=\"{{ version }}\",b=\"{{backend}}\"}[{{interval}}]");

        assertThat(r).isEqualTo(new Reading.Value(0.42));
        assertThat(query.get()).isEqualTo("query=p95{ns=\"search\",v=\"llama-v2\",b=\"vllm-shared\"}[30s]");
        assertThat(authorization.get()).isEqualTo("Bearer s3cret");
    }

    @Test
    void readsPrometheusErrorBodies() {
        status = 422;
        body = "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query processing would load too many"
                + " samples into memory\"}";

        Reading r = read(source(Optional.empty(), Duration.ofSeconds(5)), "up");

        assertThat(r).isEqualTo(new Reading.Failure("Prometheus refused the query (execution): query processing"
                + " would load too many samples into memory — query: up"));
        assertThat(authorization.get()).isNull();
    }

    @Test
    void anAnswerThatIsNotJsonIsAnErrorWithItsStatus() {
        status = 502;
        body = "<html>Bad Gateway</html>";

        assertThat(read(source(Optional.empty(), Duration.ofSeconds(5)), "up"))
                .isEqualTo(new Reading.Failure("Prometheus answered 502 without JSON: <html>Bad Gateway</html>"));
    }

    @Test
    void aServerThatDoesNotAnswerTimesOutWithoutTheToken() {
        hang = true;

        Reading r = read(source(Optional.of("s3cret"), Duration.ofMillis(300)), "up");

        assertThat(((Reading.Failure) r).message()).endsWith("did not answer within PT0.3S").doesNotContain("s3cret");
    }

    @Test
    void aServerThatStallsItsAnswerTimesOutToo() {
        stallBody = true;

        Reading r = read(source(Optional.empty(), Duration.ofMillis(300)), "up");

        assertThat(((Reading.Failure) r).message()).startsWith("Prometheus at ").contains("within PT0.3S");
    }

    @Test
    void refusesUrlsWithCredentialsAndVersionsThatCouldChangeTheQuery() {
        assertThatThrownBy(() -> new PrometheusSource(HttpClient.newHttpClient(), URI.create("http://u:p@prom:9090"),
                Optional.empty(), Duration.ofSeconds(1))).hasMessageContaining("must not hold credentials");
        assertThatThrownBy(() -> new PrometheusSource(HttpClient.newHttpClient(), URI.create("file:///etc"),
                Optional.empty(), Duration.ofSeconds(1))).hasMessageContaining("must be an http or https URL");
        assertThatThrownBy(() -> new Target("search", "llama", "b", "v2\"} or vector(0) #", null))
                .hasMessageStartingWith("canary: ");
        assertThatThrownBy(() -> source(Optional.empty(), Duration.ofSeconds(1))
                .probe(new Measure.Query("x{v=\"{{revision}}\"}"), TARGET, "v", Duration.ofSeconds(1)))
                .hasMessage("query: unknown template variable {{revision}}; known: [backend, interval, name,"
                        + " namespace, version]");
        assertThatThrownBy(() -> source(Optional.empty(), Duration.ofSeconds(1))
                .probe(new Measure.Signal(SignalKind.TTFT, 0.9), TARGET, "v", Duration.ofSeconds(1)))
                .hasMessageStartingWith("signal: with Prometheus, measure with a query");
    }
}
