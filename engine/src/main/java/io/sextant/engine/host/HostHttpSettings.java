package io.sextant.engine.host;

import java.time.Duration;

/**
 * How patiently a Git host API client talks to its host.
 *
 * @param connectTimeout  how long to wait for a connection
 * @param requestTimeout  how long to wait for a whole answer
 * @param attempts        tries per call; 5xx answers, 429 and timeouts are tried again, other errors are not
 * @param retryDelay      delay before the first retry; doubled each time, with jitter
 */
record HostHttpSettings(Duration connectTimeout, Duration requestTimeout, int attempts, Duration retryDelay) {

    /** A slow host must not hold a reconcile for long: a few quick tries, then the next poll tries again. */
    static final HostHttpSettings DEFAULTS =
            new HostHttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), 3, Duration.ofMillis(500));

    HostHttpSettings {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
    }
}
