package io.sextant.analysis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A stand-in for one vLLM server's {@code GET /metrics}, written from vLLM's published metric names and
 * types (V1 engine, labels {@code engine} and {@code model_name}, prometheus_client's text format with
 * float counts). The test sets the latency and errors of the requests it serves, and either adds requests
 * by hand ({@link #serve}) or lets them arrive at {@link #requestsPerSecond} of real time.
 */
public final class VllmEmulator implements AutoCloseable {

    /** vLLM's time-to-first-token buckets. */
    static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
        5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    /** vLLM's inter-token latency buckets. */
    static final double[] ITL = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0,
        7.5, 10.0, 20.0, 40.0, 80.0};
    /** vLLM's request latency buckets. */
    static final double[] E2E = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0,
        60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    /** Requests spread around the set latency, so quantiles differ from the mean as real ones do. */
    private static final double[] SPREAD = {0.6, 0.8, 1.0, 1.2};

    private final String model;
    private final HttpServer server;
    private final long[] ttft = new long[TTFT.length + 1];
    private final long[] itl = new long[ITL.length + 1];
    private final long[] e2e = new long[E2E.length + 1];
    private double ttftSum;
    private double itlSum;
    private double e2eSum;
    private long ok;
    private long aborted;
    private long served;
    private double errorCredit;
    private double pending;
    private long lastNanos = System.nanoTime();

    public volatile double ttftSeconds = 0.08;
    public volatile double itlSeconds = 0.02;
    public volatile double errorRate = 0;
    public volatile double requestsPerSecond = 0;
    public volatile int waiting = 0;
    public volatile double kvCacheUsage = 0.3;
    /** When set, /metrics answers 500 (a server in trouble). */
    public volatile boolean broken;

    public VllmEmulator(String model) throws IOException {
        this.model = model;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body;
            int status = 200;
            if (broken) {
                status = 500;
                body = "Internal Server Error".getBytes(StandardCharsets.UTF_8);
            } else {
                body = metrics().getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public URI metricsUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code n} requests at once, at the current latency and error rate. */
    public synchronized void serve(int n) {
        for (int i = 0; i < n; i++) {
            double factor = SPREAD[(int) (served++ % SPREAD.length)];
            errorCredit += errorRate;
            if (errorCredit >= 1) {
                errorCredit -= 1;
                aborted++;
                continue;
            }
            ok++;
            double first = ttftSeconds * factor;
            double perToken = itlSeconds * factor;
            double total = first + 100 * perToken;
            observe(ttft, TTFT, first);
            observe(itl, ITL, perToken);
            observe(e2e, E2E, total);
            ttftSum += first;
            itlSum += perToken;
            e2eSum += total;
        }
    }

    private static void observe(long[] counts, double[] bounds, double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        counts[i]++;
    }

    synchronized String metrics() {
        long now = System.nanoTime();
        pending += requestsPerSecond * (now - lastNanos) / 1e9;
        lastNanos = now;
        if (pending >= 1) {
            int n = (int) pending;
            pending -= n;
            serve(n);
        }
        String labels = "engine=\"0\",model_name=\"" + model + "\"";
        StringBuilder out = new StringBuilder();
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, 1);
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, waiting);
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, kvCacheUsage);
        out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n");
        out.append("# TYPE vllm:request_success_total counter\n");
        for (String reason : new String[] {"stop", "length", "abort"}) {
            long n = reason.equals("stop") ? ok : reason.equals("abort") ? aborted : 0;
            out.append("vllm:request_success_total{engine=\"0\",finished_reason=\"").append(reason)
                    .append("\",model_name=\"").append(model).append("\"} ").append(f(n)).append('\n');
        }
        histogram(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
                labels, TTFT, ttft, ttftSum);
        histogram(out, "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
                labels, ITL, itl, itlSum);
        histogram(out, "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.",
                labels, E2E, e2e, e2eSum);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append('{').append(labels).append("} ").append(f(value)).append('\n');
    }

    private void histogram(StringBuilder out, String name, String help, String labels, double[] bounds,
                                  long[] counts, double sum) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i <= bounds.length; i++) {
            cumulative += counts[i];
            String le = i == bounds.length ? "+Inf" : f(bounds[i]);
            out.append(name).append("_bucket{engine=\"0\",le=\"").append(le).append("\",model_name=\"")
                    .append(model).append("\"} ")
                    .append(f(cumulative)).append('\n');
        }
        out.append(name).append("_count{").append(labels).append("} ").append(f(cumulative)).append('\n');
        out.append(name).append("_sum{").append(labels).append("} ").append(f(sum)).append('\n');
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
