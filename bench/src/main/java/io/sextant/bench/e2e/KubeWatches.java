package io.sextant.bench.e2e;

import com.sun.net.httpserver.HttpExchange;
import io.sextant.bench.e2e.KubeWire.Type;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches of {@link KubeStandIn}, as the API server streams them over plain HTTP (one JSON event a line,
 * chunked): from a resource version, replaying the changes after it from a bounded history (older than
 * the history: {@code 410 Gone}, and the client relists), with {@code BOOKMARK}s when asked for. A
 * WebSocket upgrade is refused with 503, on which fabric8 falls back to the HTTP watch, as it does for
 * API servers behind proxies without WebSockets.
 */
final class KubeWatches {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final int HISTORY = 50_000;
    private static final long BOOKMARK_EVERY_MILLIS = 1_000;

    private record Event(long version, Type type, String namespace, String line) {}

    private record Watch(Type type, String namespace, BlockingQueue<String> lines) {}

    private final Deque<Event> history = new ArrayDeque<>();
    private final List<Watch> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * An object changed ({@code ADDED}, {@code MODIFIED}, {@code DELETED}) at its resource version; {@code object} is
     * its JSON, with its {@code kind} and {@code apiVersion}.
     */
    synchronized void changed(Type type, String namespace, String eventType, long version, String object) {
        String line = "{\"type\":\"" + eventType + "\",\"object\":" + object + "}\n";
        history.addLast(new Event(version, type, namespace, line));
        if (history.size() > HISTORY) {
            history.removeFirst();
        }
        for (Watch watch : open) {
            if (watch.type().equals(type) && watch.namespace().equals(namespace)) {
                watch.lines().add(line);
            }
        }
    }

    /** Streams a watch until the client goes, the server closes, or its timeout passes. */
    void serve(HttpExchange exchange, Type type, String namespace, Map<String, String> query, long newest)
            throws IOException {
        // Only a WebSocket upgrade: the JDK's HTTP client asks every plain-HTTP request to upgrade to h2c.
        if ("websocket".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Upgrade"))) {
            exchange.sendResponseHeaders(503, -1);
            return;
        }
        long from = parse(query.get("resourceVersion"));
        Watch watch = new Watch(type, namespace, new LinkedBlockingQueue<>());
        synchronized (this) {
            if (from > 0 && !history.isEmpty() && from < history.peekFirst().version() - 1) {
                byte[] gone = JSON.writeValueAsBytes(JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                        .put("status", "Failure").put("message", "too old resource version: " + from)
                        .put("reason", "Expired").put("code", 410));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(410, gone.length);
                exchange.getResponseBody().write(gone);
                return;
            }
            for (Event event : history) {
                if (event.version() > from && event.type().equals(type) && event.namespace().equals(namespace)) {
                    watch.lines().add(event.line());
                }
            }
            open.add(watch);
        }
        boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, parse(query.get("timeoutSeconds"))));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            // The headers now, as the API server flushes them when a watch starts: the JDK server would hold
            // them until the first event or bookmark, up to a second, and the client counts as watching only then.
            out.flush();
            while (!closed && System.nanoTime() < deadline) {
                String line = watch.lines().poll(BOOKMARK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
                if (line == null && bookmarks) {
                    ObjectNode bookmark = JSON.createObjectNode().put("type", "BOOKMARK");
                    bookmark.putObject("object").put("kind", type.kind()).put("apiVersion", type.apiVersion())
                            .putObject("metadata").put("resourceVersion", Long.toString(newest()));
                    line = JSON.writeValueAsString(bookmark) + "\n";
                }
                if (line != null) {
                    out.write(line.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            open.remove(watch);
        }
    }

    private synchronized long newest() {
        return history.isEmpty() ? 0 : history.peekLast().version();
    }

    void close() {
        closed = true;
    }

    private static long parse(String number) {
        try {
            return number == null || number.isEmpty() ? 0 : Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
