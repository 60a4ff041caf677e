package io.sextant.engine;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's instant-query API ({@code GET /api/v1/query}) as its documentation gives the wire format, for
 * engine tests whose backend (Kubernetes) has no metrics endpoint of its own: a query names one version
 * ({@code version="<commit>"}) and is answered a vector of one series with the value the test set for that
 * version (time to first token in seconds; {@link #healthy} unless degraded), or an empty vector for none.
 */
final class PrometheusApi implements AutoCloseable {

    private static final Pattern VERSION = Pattern.compile("version=\"([^\"]*)\"");

    final double healthy;
    private final Map<String, Double> values = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final HttpServer server;

    PrometheusApi(double healthy) throws IOException {
        this.healthy = healthy;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", this::query);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on, queries about {@code version} answer {@code seconds}. */
    void set(String version, double seconds) {
        values.put(version, seconds);
    }

    int queries() {
        return queries.get();
    }

    private void query(HttpExchange exchange) throws IOException {
        String raw = exchange.getRequestURI().getRawQuery();
        String promql = raw == null ? "" : URLDecoder.decode(raw.replaceFirst("^.*?query=", "").replaceFirst("&.*$", ""),
                StandardCharsets.UTF_8);
        Matcher version = VERSION.matcher(promql);
        String body;
        int status = 200;
        if (!version.find()) {
            status = 400;
            body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no version in " + promql.replace("\"", "'")
                    + "\"}";
        } else {
            queries.incrementAndGet();
            double value = values.getOrDefault(version.group(1), healthy);
            body = """
                    {"status":"success","data":{"resultType":"vector","result":[\
                    {"metric":{"version":"%s"},"value":[%d.000,"%s"]}]}}""".formatted(version.group(1),
                    System.currentTimeMillis() / 1000, value);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
