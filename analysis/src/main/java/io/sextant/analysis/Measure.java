package io.sextant.analysis;

import java.util.Objects;

/** What a metric measures: a PromQL query, or a serving signal read from a backend's own metrics. */
public sealed interface Measure {

    /**
     * A PromQL query run on Prometheus. {@code {{version}}}, {@code {{namespace}}}, {@code {{name}}},
     * {@code {{backend}}} and {@code {{interval}}} (the metric's interval, e.g. {@code 30s}) are replaced
     * before it runs; the query must return one number (a scalar, or a vector of one series).
     */
    record Query(String template) implements Measure {
        public Query {
            Objects.requireNonNull(template, "query");
            if (template.isBlank()) {
                throw new IllegalArgumentException("query: must not be empty");
            }
        }
    }

    /**
     * A serving signal computed from two scrapes of a backend's metrics endpoint, one interval apart.
     *
     * @param quantile for latency signals, the quantile (0.95 for p95); ignored for the others
     */
    record Signal(SignalKind kind, double quantile) implements Measure {
        public Signal {
            Objects.requireNonNull(kind, "signal");
            if (kind.latency() && !(quantile > 0 && quantile < 1)) {
                throw new IllegalArgumentException("signal " + kind.key() + ": quantile must be in (0, 1), not "
                        + quantile);
            }
        }
    }
}
