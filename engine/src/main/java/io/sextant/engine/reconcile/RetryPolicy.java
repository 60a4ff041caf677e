package io.sextant.engine.reconcile;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How transient backend errors are retried: exponential backoff with full jitter, so replicas and
 * resources hitting the same outage do not retry in lock-step. Immutable; each step keeps its own
 * attempt count.
 *
 * @param maxAttempts  attempts in all, the first included
 * @param initialDelay delay cap before the second attempt
 * @param maxDelay     upper bound of any delay
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
    }

    /** A random delay in [0, min(maxDelay, initialDelay * 2^(attempt-1))] before attempt {@code attempt + 1}. */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        long cap = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        long bound = Math.min(maxDelay.toMillis(), cap);
        return Duration.ofMillis(bound <= 0 ? 0 : random.nextLong(bound + 1));
    }
}
