package io.sextant.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sextant.bench.e2e.KubeWire.Answer;
import io.sextant.bench.e2e.KubeWire.Type;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A bench stand-in for a Kubernetes API server, not a Kubernetes: plain HTTP on 127.0.0.1 (the JDK's
 * HTTP server), the wire contract of exactly the calls the {@code kubernetes} backend makes for
 * Deployments, Services and HPAs (get, list by label selector, watch ({@link KubeWatches}), server-side apply, delete, with
 * {@code Status} bodies for failures: {@link KubeWire}; semantics: {@link KubeObjects}), and a fixed delay added to
 * every request before it is answered, standing in for a network round trip. Every other path answers
 * {@code 404 page not found}, as the API server does for a type it does not serve (a missing CRD). It
 * counts requests by verb and resource, so the bench can report what a sync cost on the wire.
 */
final class KubeStandIn implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads;
    private final Duration latency;
    private final KubeWatches watches = new KubeWatches();
    private final KubeObjects objects = new KubeObjects(watches);
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private KubeStandIn(HttpServer server, ExecutorService threads, Duration latency) {
        this.server = server;
        this.threads = threads;
        this.latency = latency;
    }

    /** Starts on an ephemeral port of 127.0.0.1; every request is answered {@code latency} after it arrived. */
    static KubeStandIn start(Duration latency) throws IOException {
        answerWithoutNagle();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        // Requests wait out their latency side by side, as round trips over a network do.
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "bench-kube-api");
            thread.setDaemon(true);
            return thread;
        });
        KubeStandIn standIn = new KubeStandIn(server, threads, latency);
        server.createContext("/", standIn::handle);
        server.setExecutor(threads);
        server.start();
        return standIn;
    }

    /**
     * Sets TCP_NODELAY on the sockets of the JDK's HTTP servers, as Go's net/http (the API server's) sets it.
     * The JDK server sends a response's headers and body as two writes; with Nagle's algorithm the body then
     * waits for the client's delayed ACK, about 40 ms per request on Linux. The JDK reads the setting once,
     * when its first HTTP server starts, so each of the bench's servers calls this before it starts.
     */
    static void answerWithoutNagle() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** The API server URL, as a {@code kubernetes} backend's {@code url} setting takes it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    KubeObjects objects() {
        return objects;
    }

    /** Requests so far by {@code verb resource} (such as {@code apply deployments}), sorted. */
    Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((what, count) -> counts.put(what, count.sum()));
        return counts;
    }

    /** Requests so far of one verb ({@code get}, {@code list}, {@code apply}, {@code delete}, or others). */
    long requests(String verb) {
        return requests().entrySet().stream().filter(e -> e.getKey().startsWith(verb + " "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The most requests the server was answering at once. */
    int peakInFlight() {
        return peakInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (watching(exchange)) {
            return;
        }
        try (exchange) {
            Answer answer;
            peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                answer = answer(exchange);
            } finally {
                // Before the answer leaves: the client may send its next request as soon as it has this one.
                inFlight.decrementAndGet();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Serves a watch request (a long-lived stream, counted as {@code watch <plural>}); false for any other request. */
    private boolean watching(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!"GET".equals(exchange.getRequestMethod()) || !"true".equals(query.get("watch"))) {
            return false;
        }
        String[] path = exchange.getRequestURI().getRawPath().replaceAll("^/+|/+$", "").split("/");
        int at = path[0].equals("api") ? 2 : path[0].equals("apis") ? 3 : -1;
        Type type = at < 0 || path.length != at + 3 ? null : KubeWire.TYPES.stream()
                .filter(t -> t.apiVersion().equals(at == 2 ? path[1] : path[1] + "/" + path[2])
                        && t.plural().equals(path[at + 2])).findFirst().orElse(null);
        try (exchange) {
            if (type == null) {
                exchange.sendResponseHeaders(404, -1);
                return true;
            }
            requests.computeIfAbsent("watch " + type.plural(), k -> new LongAdder()).increment();
            watches.serve(exchange, type, path[at + 1], query, objects.newestVersion());
        }
        return true;
    }

    /** Counts the request, waits out the latency, and answers it. */
    private Answer answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getRawPath().replaceAll("^/+|/+$", "").split("/");
        // /api/v1/namespaces/NS/PLURAL[/NAME] or /apis/GROUP/VERSION/namespaces/NS/PLURAL[/NAME]
        int at = path[0].equals("api") ? 2 : path[0].equals("apis") ? 3 : -1;
        Type type = null;
        if (at > 0 && path.length >= at + 3 && path.length <= at + 4 && path[at].equals("namespaces")) {
            String apiVersion = at == 2 ? path[1] : path[1] + "/" + path[2];
            type = KubeWire.TYPES.stream().filter(t -> t.apiVersion().equals(apiVersion)
                    && t.plural().equals(path[at + 2])).findFirst().orElse(null);
        }
        String name = type != null && path.length == at + 4 ? path[at + 3] : null;
        String verb = type == null ? method.toLowerCase(Locale.ROOT)
                : verb(method, name, exchange.getRequestHeaders().getFirst("Content-Type"));
        requests.computeIfAbsent(verb + " " + (type == null ? "unserved" : type.plural()), k -> new LongAdder()).increment();
        for (long end = System.nanoTime() + latency.toNanos(); System.nanoTime() < end; ) {
            LockSupport.parkNanos(end - System.nanoTime());
        }
        return type == null ? KubeWire.UNSERVED
                : answer(verb, type, path[at + 1], name, query(exchange.getRequestURI().getRawQuery()), body);
    }

    private Answer answer(String verb, Type type, String namespace, String name, Map<String, String> query, byte[] body) {
        switch (verb) {
            case "get":
                return objects.get(type, namespace, name);
            case "list":
                return objects.list(type, namespace, query.getOrDefault("labelSelector", ""));
            case "delete":
                return objects.delete(type, namespace, name);
            case "apply":
                return objects.apply(type, namespace, name, new String(body, StandardCharsets.UTF_8),
                        query.get("fieldManager"), "true".equals(query.get("force")));
            case "patch":
                return KubeWire.status(415, "UnsupportedMediaType", type, name, "the bench stand-in serves "
                        + "server-side apply (application/apply-patch+yaml) only, not other patch types");
            default:
                return KubeWire.status(405, "MethodNotAllowed", type, name, "the server does not allow this method on the requested resource");
        }
    }

    private static String verb(String method, String name, String contentType) {
        if (method.equals("GET")) {
            return name == null ? "list" : "get";
        }
        if (method.equals("PATCH") && name != null) {
            return contentType != null && contentType.startsWith("application/apply-patch") ? "apply" : "patch";
        }
        return method.equals("DELETE") && name != null ? "delete" : method.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return query;
    }

    @Override
    public void close() {
        watches.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
