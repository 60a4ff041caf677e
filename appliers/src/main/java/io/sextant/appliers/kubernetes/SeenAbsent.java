package io.sextant.appliers.kubernetes;

import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resources whose main object (Deployment, InferenceService, HTTPRoute) the API server just answered 404
 * for. The engine observes a resource right before it creates it, so its apply need not read the objects
 * again before writing them: a first sync costs that one read and one server-side apply per object. A hint
 * is used once and trusted for a short while only; an object made in between is merged into by the apply
 * (with the conflict handling of {@link KubeApi#apply}), as any apply onto a live object would.
 */
final class SeenAbsent {

    static final Duration TRUSTED_FOR = Duration.ofMinutes(1);
    /** Bounds memory when observed resources are never applied (a plan preview of a large fleet). */
    private static final int MAX_KEYS = 100_000;

    private final Map<ResourceKey, Long> seen = new ConcurrentHashMap<>();

    void note(ResourceKey key) {
        if (seen.size() >= MAX_KEYS) {
            long stale = System.nanoTime() - TRUSTED_FOR.toNanos();
            seen.values().removeIf(at -> at < stale);
            if (seen.size() >= MAX_KEYS) {
                return;
            }
        }
        seen.put(key, System.nanoTime());
    }

    void forget(ResourceKey key) {
        seen.remove(key);
    }

    /** Whether the resource was seen absent within {@link #TRUSTED_FOR}; the hint is spent either way. */
    boolean take(ResourceKey key) {
        Long at = seen.remove(key);
        return at != null && System.nanoTime() - at < TRUSTED_FOR.toNanos();
    }
}
