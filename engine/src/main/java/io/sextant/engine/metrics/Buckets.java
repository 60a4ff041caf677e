package io.sextant.engine.metrics;

import java.time.Duration;

/**
 * Histogram buckets for Sextant's durations, so Prometheus can compute quantiles across engine
 * replicas ({@code histogram_quantile}); a handful of fixed buckets keeps the series count small.
 */
final class Buckets {

    static final Duration[] DURATIONS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120)
    };

    private Buckets() {
    }
}
