package io.sextant.engine.reconcile;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a failing resource, or a source whose Git fails, waits before the next attempt: exponential
 * from {@code initialDelay}, doubling per failed attempt up to {@code maxDelay} (controller-runtime's
 * per-item limiter), with up to 10% taken off at random so that resources failing together do not all
 * come back in the same run. Immutable; the attempts of one resource are data on its status.
 */
public record Backoff(Duration initialDelay, Duration maxDelay) {

    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

    public Backoff {
        if (initialDelay.isNegative() || initialDelay.isZero() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 < initial-delay <= max-delay, got " + initialDelay + " and "
                    + maxDelay);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delayAfter(int failures, RandomGenerator random) {
        long initial = initialDelay.toMillis();
        int doublings = Math.min(Math.max(failures, 1) - 1, 40);
        long full = doublings >= Long.numberOfLeadingZeros(initial) - 1 ? maxDelay.toMillis()
                : Math.min(maxDelay.toMillis(), initial << doublings);
        return Duration.ofMillis(full - random.nextLong(full / 10 + 1));
    }
}
