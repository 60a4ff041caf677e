package io.sextant.engine.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code sextant_notifications_sent_total{channel}}, {@code sextant_notifications_failed_total{channel,result}}
 * ({@code retry}: an attempt that will be repeated; {@code refused}: given up) and
 * {@code sextant_notifications_pending{channel}}, every channel's series present from start-up at zero. Pending
 * is the outbox's count as of this replica's last dispatch round, so a scrape never queries the database.
 */
final class NotificationMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> pending = new ConcurrentHashMap<>();

    NotificationMetrics(MeterRegistry registry, Collection<String> channels) {
        this.registry = registry;
        for (String channel : channels) {
            sentCounter(channel);
            failedCounter(channel, "retry");
            failedCounter(channel, "refused");
            AtomicLong value = pending.computeIfAbsent(channel, c -> new AtomicLong());
            Gauge.builder("sextant.notifications.pending", value, AtomicLong::get)
                    .description("Notifications waiting in the outbox").tag("channel", channel).register(registry);
        }
    }

    void sent(String channel) {
        sentCounter(channel).increment();
    }

    void failed(String channel, String result) {
        failedCounter(channel, result).increment();
    }

    /** Pending rows by channel, from {@link Outbox#counts}. */
    void pending(Map<String, Map<String, Long>> counts) {
        pending.forEach((channel, value) -> value.set(counts.getOrDefault(channel, Map.of())
                .getOrDefault(Outbox.PENDING, 0L)));
    }

    private Counter sentCounter(String channel) {
        return Counter.builder("sextant.notifications.sent").description("Notifications delivered")
                .tag("channel", channel).register(registry);
    }

    private Counter failedCounter(String channel, String result) {
        return Counter.builder("sextant.notifications.failed").description("Notification attempts that failed")
                .tag("channel", channel).tag("result", result).register(registry);
    }
}
