package io.sextant.engine.notify;

import io.sextant.engine.notify.Channel.Delivery;
import io.sextant.engine.notify.Channel.Outgoing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers due outbox rows, one channel's rows in order. A channel that fails is retried with exponential
 * backoff and jitter ({@code min(max-delay, initial-delay · 2^(n-1))}, less up to 10 %), or after the channel's
 * own Retry-After when longer; while it backs off, this replica sends nothing else to it, so an outage costs one
 * attempt per backoff step, not one per message. Rows are never dropped: a failing channel's rows wait, however
 * long; only a channel's refusal (a revoked Slack hook, a 4xx) settles a row as failed.
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 100;

    private final Outbox outbox;
    private final Map<String, Channel> channels;
    private final NotificationProperties properties;
    private final NotificationMetrics metrics;
    private final Clock clock;
    /** This replica's name in leases. */
    private final String owner = "replica-" + UUID.randomUUID();
    /** One sending thread per channel at most; daemon threads, so a stopped engine never waits on a send. */
    private final java.util.concurrent.ExecutorService senders;
    /** Per channel: until when it backs off, and after how many failures in a row. */
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();

    Dispatcher(Outbox outbox, Map<String, Channel> channels, NotificationProperties properties,
               NotificationMetrics metrics, Clock clock) {
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.senders = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(8, channels.size())), r -> {
            Thread t = new Thread(r, "sextant-notify-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Stops the sending threads (the engine's shutdown); a send in flight is interrupted and retried later. */
    void close() {
        senders.shutdownNow();
    }

    private record Backoff(int failures, Instant until) {}

    /** One round: takes what is due and delivers it. Returns how many rows were delivered. */
    int dispatch() {
        List<Outbox.Row> rows = outbox.claim(owner, clock.instant(), properties.lease(), BATCH);
        Map<String, List<Outbox.Row>> byChannel = rows.stream().collect(Collectors.groupingBy(Outbox.Row::channel,
                java.util.LinkedHashMap::new, Collectors.toList()));
        // Channels in parallel, each channel's rows in order: a slow mail server does not hold Slack back.
        List<java.util.concurrent.CompletableFuture<Integer>> sends = byChannel.entrySet().stream()
                .map(e -> java.util.concurrent.CompletableFuture.supplyAsync(() -> deliver(e.getKey(), e.getValue()),
                        senders)).toList();
        return sends.stream().mapToInt(java.util.concurrent.CompletableFuture::join).sum();
    }

    private int deliver(String name, List<Outbox.Row> rows) {
        Channel channel = channels.get(name);
        int delivered = 0;
        for (Outbox.Row row : rows) {
            Instant now = clock.instant();
            Backoff waiting = backoff.get(name);
            if (channel == null) {
                outbox.retry(row, owner, now.plus(properties.retry().maxDelay()), "channel '" + name
                        + "' is not configured on this engine", false);
                continue;
            }
            if (waiting != null && now.isBefore(waiting.until())) {
                outbox.retry(row, owner, waiting.until(), row.lastError(), false);
                continue;
            }
            if (!outbox.renew(row, owner, now, properties.lease())) {
                continue; // held too long in this batch: another replica may have it now
            }
            Delivery result = send(channel, row);
            if (result instanceof Delivery.Delivered) {
                backoff.remove(name);
                if (outbox.delivered(row, owner, clock.instant())) {
                    metrics.sent(name);
                    delivered++;
                }
            } else if (result instanceof Delivery.Retry r) {
                Backoff next = next(waiting, r.after(), clock.instant());
                backoff.put(name, next);
                outbox.retry(row, owner, next.until(), r.reason(), true);
                metrics.failed(name, "retry");
                log.warn("notification {} to channel {} not delivered, retrying at {}: {}", row.deliveryKey(), name,
                        next.until(), r.reason());
            } else if (result instanceof Delivery.Refused r) {
                outbox.failed(row, owner, clock.instant(), r.reason());
                metrics.failed(name, "refused");
                log.error("notification {} refused by channel {}: {}", row.deliveryKey(), name, r.reason());
            }
        }
        return delivered;
    }

    private Delivery send(Channel channel, Outbox.Row row) {
        try {
            Notification n = JSON.readValue(row.payload(), Notification.class);
            return channel.send(new Outgoing(row.deliveryKey(), n, row.occurrences(),
                    Instant.ofEpochMilli(row.firstAt()).toString(), Instant.ofEpochMilli(row.lastAt()).toString()));
        } catch (RuntimeException e) {
            // A bug of ours must not stop the other rows; the row waits for a fixed engine.
            return new Delivery.Retry("could not send: " + e.getClass().getSimpleName(), null);
        }
    }

    private Backoff next(Backoff previous, Duration retryAfter, Instant now) {
        int failures = previous == null ? 1 : previous.failures() + 1;
        Duration initial = properties.retry().initialDelay();
        Duration max = properties.retry().maxDelay();
        Duration delay = initial.multipliedBy(1L << Math.min(failures - 1, 30));
        if (delay.compareTo(max) > 0 || delay.isNegative()) {
            delay = max;
        }
        delay = delay.minusMillis((long) (delay.toMillis() * 0.1 * ThreadLocalRandom.current().nextDouble()));
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return new Backoff(failures, now.plus(delay));
    }
}
