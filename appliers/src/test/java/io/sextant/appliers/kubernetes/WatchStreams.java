package io.sextant.appliers.kubernetes;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The watch side of {@link SsaCrudDispatcher}, as the API server does it beyond the CRUD mock: the newest
 * resource version on lists, {@code BOOKMARK} events to watches that allow them, and history compaction:
 * a watch from a version older than the compacted one is {@code 410 Gone} (at the handshake, or as an
 * {@code ERROR} event ending an open watch), after which a client must list again.
 */
final class WatchStreams {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final long BOOKMARK_EVERY_MILLIS = 300;

    private record Stream(WebSocket socket, boolean bookmarks, String apiVersion, String kind) {}

    private final AtomicLong newest = new AtomicLong();
    private final AtomicLong bookmarksSent = new AtomicLong();
    private final AtomicLong compactedBelow = new AtomicLong();
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService bookmarker;

    /** A write produced this version. */
    void written(String resourceVersion) {
        try {
            newest.accumulateAndGet(Long.parseLong(resourceVersion), Math::max);
        } catch (NumberFormatException | NullPointerException e) {
            // not a version the mock made: nothing to track
        }
    }

    String newest() {
        return Long.toString(newest.get());
    }

    /** The answer to a watch request: 410 when it starts before the compacted history, else the mock's watch. */
    MockResponse open(Map<String, String> query, String path, MockResponse upgrade) {
        String from = query.get("resourceVersion");
        if (from != null && !from.isEmpty() && !"0".equals(from) && Long.parseLong(from) < compactedBelow.get()) {
            return gone(from);
        }
        WebSocketListener mock = upgrade.getWebSocketListener();
        if (mock == null) {
            return upgrade;
        }
        String[] kind = kindOf(path);
        boolean bookmarks = "true".equals(query.get("allowWatchBookmarks"));
        return upgrade.withWebSocketUpgrade(new WebSocketListener() {
            private Stream stream;

            @Override
            public void onOpen(WebSocket socket, Response response) {
                mock.onOpen(socket, response);
                stream = new Stream(socket, bookmarks, kind[0], kind[1]);
                open.add(stream);
                if (bookmarks) {
                    startBookmarks();
                }
            }

            @Override
            public void onMessage(WebSocket socket, String text) {
                mock.onMessage(socket, text);
            }

            @Override
            public void onClosing(WebSocket socket, int code, String reason) {
                open.remove(stream);
                mock.onClosing(socket, code, reason);
            }

            @Override
            public void onClosed(WebSocket socket, int code, String reason) {
                open.remove(stream);
                offTheEventLoop(() -> mock.onClosed(socket, code, reason));
            }

            @Override
            public void onFailure(WebSocket socket, Throwable failure, Response response) {
                open.remove(stream);
                offTheEventLoop(() -> mock.onFailure(socket, failure, response));
            }
        });
    }

    /**
     * Compacts the history up to now, as etcd does: every open watch ends with a 410 {@code ERROR} event, and
     * a watch from an older version is refused, so clients relist.
     */
    void expire() {
        compactedBelow.set(newest.get());
        for (Stream stream : Set.copyOf(open)) {
            ObjectNode event = JSON.createObjectNode().put("type", "ERROR");
            event.set("object", status(compactedBelow.toString()));
            stream.socket().send(JSON.writeValueAsString(event));
            stream.socket().close(1000, "");
            open.remove(stream);
        }
    }

    /** Ends every open watch normally, as an API server does after its watch timeout; clients resume from their version. */
    void closeAll() {
        for (Stream stream : Set.copyOf(open)) {
            stream.socket().close(1000, "");
            open.remove(stream);
        }
    }

    /**
     * The CRUD mock's watch listener ends by waiting (up to a minute) for its sender thread, and that thread's
     * send waits (up to 30 s) for the socket's event loop: run on the event loop, an event being sent as the
     * watch closes held the loop, and the server could not shut down within its 10 s. Each close is handed
     * to a thread of its own instead.
     */
    private static void offTheEventLoop(Runnable closing) {
        Thread thread = new Thread(closing, "mock-api-watch-closed");
        thread.setDaemon(true);
        thread.start();
    }

    int openWatches() {
        return open.size();
    }

    private synchronized void startBookmarks() {
        if (bookmarker != null) {
            return;
        }
        bookmarker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mock-api-bookmarks");
            thread.setDaemon(true);
            return thread;
        });
        bookmarker.scheduleWithFixedDelay(this::bookmark, BOOKMARK_EVERY_MILLIS, BOOKMARK_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A BOOKMARK carries only the kind and the newest version: the client may resume its watch from there. */
    private void bookmark() {
        for (Stream stream : Set.copyOf(open)) {
            if (stream.bookmarks()) {
                ObjectNode event = JSON.createObjectNode().put("type", "BOOKMARK");
                event.putObject("object").put("kind", stream.kind()).put("apiVersion", stream.apiVersion())
                        .putObject("metadata").put("resourceVersion", newest());
                stream.socket().send(JSON.writeValueAsString(event));
                bookmarksSent.incrementAndGet();
            }
        }
    }

    long bookmarksSent() {
        return bookmarksSent.get();
    }

    void close() {
        if (bookmarker != null) {
            bookmarker.shutdownNow();
        }
    }

    private static MockResponse gone(String from) {
        return new MockResponse().setResponseCode(410).setBody(JSON.writeValueAsString(status(from)));
    }

    private static ObjectNode status(String from) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        return status.put("status", "Failure").put("message", "too old resource version: " + from)
                .put("reason", "Expired").put("code", 410);
    }

    /** apiVersion and kind of the objects a collection path lists ({@code /apis/apps/v1/namespaces/x/deployments}). */
    private static String[] kindOf(String path) {
        String[] parts = path.split("\\?", 2)[0].split("/");
        boolean core = "api".equals(parts[1]);
        String apiVersion = core ? parts[2] : parts[2] + "/" + parts[3];
        String plural = parts[parts.length - 1];
        for (KubeKind kind : KubeKind.values()) {
            if (kind.context().getPlural().equals(plural)) {
                return new String[] {apiVersion, kind.kind()};
            }
        }
        return new String[] {apiVersion, "Unknown"};
    }
}
