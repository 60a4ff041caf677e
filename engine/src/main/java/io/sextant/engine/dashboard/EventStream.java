package io.sextant.engine.dashboard;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent event streams of dashboards and one sender thread that writes to them. Engine
 * events arrive on reconcile threads; they are only queued here, so a slow browser never slows a
 * reconcile. When the queue overflows, the backlog is dropped and clients get {@code resync}: they
 * reload their data, which is correct because the API always shows the current state.
 */
@Component
class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /** One named message for every client. */
    record Outgoing(String name, Object data) {}

    private final DashboardProperties properties;
    private final Set<SseEmitter> clients = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Outgoing> queue;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Thread sender;
    private volatile boolean running = true;

    EventStream(DashboardProperties properties) {
        this.properties = properties;
        this.queue = new LinkedBlockingQueue<>(properties.queueSize());
        this.sender = new Thread(this::sendLoop, "sextant-dashboard-events");
        sender.setDaemon(true);
        sender.start();
    }

    /** A new stream, or empty when {@code max-clients} streams are open already. */
    synchronized Optional<SseEmitter> open() {
        if (!running || clients.size() >= properties.maxClients()) {
            return Optional.empty();
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        emitter.onCompletion(() -> clients.remove(emitter));
        emitter.onTimeout(() -> {
            clients.remove(emitter);
            emitter.complete();
        });
        emitter.onError(error -> clients.remove(emitter));
        clients.add(emitter);
        // Sent at once so the browser sees the stream open, and learns how often to expect a heartbeat.
        send(emitter, SseEmitter.event().name("hello")
                .data(Map.of("heartbeatSeconds", properties.heartbeat().toSeconds()), MediaType.APPLICATION_JSON));
        return Optional.of(emitter);
    }

    int clientCount() {
        return clients.size();
    }

    /** Queues a message for every client; never blocks the caller. */
    void publish(String name, Object data) {
        if (clients.isEmpty()) {
            return; // nobody listens; nothing to catch up on either, a new client loads the API first
        }
        if (!queue.offer(new Outgoing(name, data))) {
            overflowed.set(true);
        }
    }

    private void sendLoop() {
        long nextHeartbeat = System.nanoTime() + properties.heartbeat().toNanos();
        while (running) {
            try {
                Outgoing next = queue.poll(Math.max(0, nextHeartbeat - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (overflowed.getAndSet(false)) {
                    queue.clear();
                    broadcast(() -> SseEmitter.event().name("resync").data(Map.of("reason", "backlog"),
                            MediaType.APPLICATION_JSON));
                    log.warn("dashboard event backlog over {} messages; told {} clients to reload",
                            properties.queueSize(), clients.size());
                } else if (next != null) {
                    broadcast(() -> SseEmitter.event().name(next.name()).data(next.data(), MediaType.APPLICATION_JSON));
                }
                if (System.nanoTime() - nextHeartbeat >= 0) {
                    broadcast(() -> SseEmitter.event().comment("heartbeat"));
                    nextHeartbeat = System.nanoTime() + properties.heartbeat().toNanos();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("dashboard event stream: {}", e.toString()); // keep sending to the others
            }
        }
    }

    // A builder is consumed by one send, hence a fresh one per client.
    private void broadcast(Supplier<SseEmitter.SseEventBuilder> event) {
        for (SseEmitter client : clients) {
            send(client, event.get());
        }
    }

    private void send(SseEmitter client, SseEmitter.SseEventBuilder event) {
        try {
            client.send(event);
        } catch (IOException | IllegalStateException gone) {
            // The container reports the broken connection to the emitter itself; just stop writing to it.
            clients.remove(client);
        }
    }

    /** Ends every stream before the web server's graceful shutdown would wait for them. */
    @EventListener(ContextClosedEvent.class)
    synchronized void close() {
        running = false;
        sender.interrupt();
        for (SseEmitter client : clients) {
            client.complete();
        }
        clients.clear();
    }
}
