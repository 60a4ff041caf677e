package io.sextant.analysis;

import java.time.Instant;
import java.util.Objects;

/**
 * One measurement of one metric, kept so that a person (and the dashboard) can see canary against stable
 * over time and why the analysis ended as it did.
 *
 * @param index  1 for the metric's first measurement
 * @param canary the canary's value; null when it had none
 * @param stable the stable version's value; null when it had none or the condition is absolute
 */
public record Measurement(String metric, int index, Instant time, Double canary, Double stable,
                          String condition, Verdict verdict, String message) {

    public Measurement {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(message, "message");
    }
}
