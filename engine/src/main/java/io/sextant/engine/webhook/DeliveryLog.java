package io.sextant.engine.webhook;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Delivery ids seen recently, so that a delivery the host sends twice (a retry, a manual
 * redelivery, a replay by whoever captured it) is processed once. Bounded in both size and time:
 * the oldest ids are forgotten first. In memory: after a restart a redelivery is processed again,
 * which is harmless because a reconcile is level-triggered.
 */
final class DeliveryLog {

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    /** Delivery key to the time it was first seen, oldest first (insertion order is time order). */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    DeliveryLog(WebhooksProperties.Deliveries settings, LongSupplier nanoClock) {
        this.capacity = settings.remember();
        this.ttlNanos = settings.ttl().toNanos();
        this.nanoClock = nanoClock;
    }

    /** Records {@code key}; true when it was not seen within the TTL, false for a duplicate. */
    boolean firstDelivery(String key) {
        return firstDelivery(List.of(key));
    }

    /**
     * Records every one of {@code keys} (a delivery id, a body digest); true when none of them was seen
     * within the TTL, false when any was: the same body under a new id is a duplicate too.
     */
    synchronized boolean firstDelivery(List<String> keys) {
        long now = nanoClock.getAsLong();
        expire(now);
        if (keys.stream().anyMatch(seen::containsKey)) {
            return false;
        }
        for (String key : keys) {
            seen.put(key, now);
        }
        while (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** Forgets {@code key}, so that a redelivery of a delivery that failed is processed. */
    void forget(String key) {
        forget(List.of(key));
    }

    /** Forgets each of {@code keys}. */
    synchronized void forget(List<String> keys) {
        keys.forEach(seen::remove);
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> entries = seen.entrySet().iterator();
        while (entries.hasNext() && now - entries.next().getValue() >= ttlNanos) {
            entries.remove();
        }
    }
}
