package io.sextant.engine.dashboard;

import io.sextant.engine.security.Visibility;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open server-sent event streams of dashboards. Engine events arrive on reconcile threads and are
 * only queued, per stream, so a slow browser never slows a reconcile. Each stream is written by its
 * own writer task, so a browser that stops reading blocks only its own stream; it is dropped when its
 * queue fills or a write stays blocked past {@code write-timeout}. A dropped browser reconnects and
 * reloads its data, which is correct because the API always shows the current state.
 */
@Component
class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    private final DashboardProperties properties;
    private final Set<Subscriber> clients = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService timer;
    private volatile boolean running = true;

    EventStream(DashboardProperties properties) {
        this.properties = properties;
        // One thread per stream being written at most; twice the slots, because a dropped stream's blocked
        // write holds its thread until the socket's own write timeout (server.tomcat.connection-timeout).
        this.writers = new ThreadPoolExecutor(0, properties.maxClients() * 2, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemon("sextant-dashboard-writer-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sextant-dashboard-timer-"));
        long heartbeat = properties.heartbeat().toMillis();
        timer.scheduleAtFixedRate(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        long check = Math.max(50, Math.min(1000, properties.writeTimeout().toMillis() / 4));
        timer.scheduleWithFixedDelay(this::dropBlocked, check, check, TimeUnit.MILLISECONDS);
    }

    /** A new stream for {@code owner} carrying only what {@code visible} allows, unless the slots are taken. */
    synchronized Admission open(String owner, Visibility visible) {
        if (!running || clients.size() >= properties.maxClients()) {
            return new Admission.Full(properties.maxClients());
        }
        if (clients.stream().filter(c -> c.owner().equals(owner)).count() >= properties.maxClientsPerClient()) {
            return new Admission.ClientAtLimit(properties.maxClientsPerClient());
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Subscriber client = new Subscriber(emitter, owner, visible, properties.queueSize());
        emitter.onCompletion(() -> clients.remove(client));
        emitter.onTimeout(() -> drop(client));
        emitter.onError(error -> clients.remove(client));
        // First, so the browser sees the stream open and learns how often to expect a heartbeat.
        client.offer(() -> SseEmitter.event().name("hello")
                .data(Map.of("heartbeatSeconds", properties.heartbeat().toSeconds()), MediaType.APPLICATION_JSON));
        clients.add(client);
        schedule(client);
        return new Admission.Admitted(emitter);
    }

    int clientCount() {
        return clients.size();
    }

    /** Queues a message for every client that sees everything; never blocks the caller. */
    void publish(String name, Object data) {
        broadcast(() -> SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON), Visibility::everything);
    }

    /**
     * Queues a message about a resource in {@code namespace} on {@code backend} (null: not known) for the clients
     * whose callers may see it; never blocks the caller.
     */
    void publish(String name, Object data, String namespace, String backend) {
        broadcast(() -> SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON),
                visible -> visible.sees(namespace, backend));
    }

    private void heartbeat() {
        broadcast(() -> SseEmitter.event().comment("heartbeat"), visible -> true);
    }

    private void broadcast(Supplier<SseEmitter.SseEventBuilder> event, Predicate<Visibility> audience) {
        for (Subscriber client : clients) {
            if (!audience.test(client.visibility())) {
                continue;
            }
            if (client.offer(event)) {
                schedule(client);
            } else {
                log.info("dashboard stream dropped: over {} messages waiting (sextant.dashboard.queue-size)",
                        properties.queueSize());
                drop(client);
            }
        }
    }

    private void dropBlocked() {
        long now = System.nanoTime();
        for (Subscriber client : clients) {
            if (client.writeBlockedFor(properties.writeTimeout().toNanos(), now)) {
                log.info("dashboard stream dropped: a write blocked for over {} ms (sextant.dashboard.write-timeout)",
                        properties.writeTimeout().toMillis());
                drop(client);
            }
        }
    }

    /** Frees the slot at once; the stream's writer ends it when its current write, if any, returns. */
    private void drop(Subscriber client) {
        clients.remove(client);
        client.close();
        schedule(client);
    }

    private void schedule(Subscriber client) {
        if (!client.claim()) {
            return; // its writer is at work and will see the new message
        }
        try {
            writers.execute(() -> write(client));
        } catch (RejectedExecutionException busy) {
            // Every writer thread is blocked on other streams: this one cannot be served now.
            clients.remove(client);
            client.abandon();
        }
    }

    private void write(Subscriber client) {
        try {
            client.drain();
        } catch (IOException | RuntimeException gone) {
            // The container reports the broken connection to the emitter itself; just stop writing to it.
            clients.remove(client);
            return;
        }
        if (client.hasWork()) {
            schedule(client); // queued, or dropped, after the drain ended but before the claim was released
        }
    }

    /** Ends every stream before the web server's graceful shutdown would wait for them. */
    @EventListener(ContextClosedEvent.class)
    synchronized void close() {
        running = false;
        timer.shutdownNow();
        for (Subscriber client : clients) {
            drop(client);
        }
        writers.shutdown();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
