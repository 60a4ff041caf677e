package io.sextant.engine.webhook;

/**
 * One source's delivery budget: up to {@code burst} tokens, refilled continuously at
 * {@code perSecond}; each accepted delivery takes one. Not thread-safe: {@link RateLimiter} guards it.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double perNano;
    private final int burst;
    private double tokens;
    private long updatedAt;

    TokenBucket(double perSecond, int burst, long now) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.updatedAt = now;
    }

    /** Nanoseconds until a token is available at {@code now}; 0 when one is. */
    long waitNanos(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Takes a token; call only after {@link #waitNanos} returned 0 for the same {@code now}. */
    void take() {
        tokens -= 1;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            updatedAt = now;
        }
    }
}
