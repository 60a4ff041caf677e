package io.sextant.engine.webhook;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key: per source ({@code sextant.webhooks.rate-limit}) or per client address
 * ({@code sextant.webhooks.unauthenticated}).
 */
final class RateLimiter {

    /** Client addresses are chosen by senders: past this many buckets all are dropped, so memory stays bounded. */
    private static final int MAX_BUCKETS = 10_000;

    private final WebhooksProperties.RateLimit limit;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new HashMap<>();

    RateLimiter(WebhooksProperties.RateLimit limit, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
    }

    /**
     * Takes a token from every one of {@code sources}' buckets, or from none of them.
     *
     * @return zero when the delivery may proceed, otherwise how long until every bucket has a token
     */
    synchronized Duration acquire(Collection<String> sources) {
        long now = nanoClock.getAsLong();
        if (buckets.size() + sources.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        List<TokenBucket> needed = sources.stream()
                .map(source -> buckets.computeIfAbsent(source, s -> new TokenBucket(limit.perSecond(), limit.burst(), now)))
                .toList();
        long wait = 0;
        for (TokenBucket bucket : needed) {
            wait = Math.max(wait, bucket.waitNanos(now));
        }
        if (wait > 0) {
            return Duration.ofNanos(wait);
        }
        needed.forEach(TokenBucket::take);
        return Duration.ZERO;
    }
}
