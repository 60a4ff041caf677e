package io.sextant.analysis;

import java.time.Duration;
import java.util.Objects;

/**
 * One check of an analysis, with Argo Rollouts' AnalysisTemplate meaning: take {@code count} measurements
 * {@code interval} apart; the metric fails once more than {@code failureLimit} measurements failed, is
 * inconclusive once more than {@code inconclusiveLimit} were, and fails once more than
 * {@code consecutiveErrorLimit} reads in a row could not be made; when all {@code count} are taken within
 * those limits it is successful.
 */
public record MetricSpec(String name, Measure measure, Condition condition, Duration interval, int count,
                         int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {

    /** Argo Rollouts' default: four errors in a row are tolerated, the fifth fails the metric. */
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(interval, "interval");
        String at = "metric '" + name + "': ";
        if (name.isBlank()) {
            throw new IllegalArgumentException("metric name: must not be empty");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(at + "interval: must be at least 1s, not " + interval);
        }
        if (count < 1) {
            throw new IllegalArgumentException(at + "count: must be at least 1, not " + count);
        }
        if (failureLimit < 0 || inconclusiveLimit < 0 || consecutiveErrorLimit < 0) {
            throw new IllegalArgumentException(at + "failureLimit, inconclusiveLimit and consecutiveErrorLimit"
                    + " must not be negative");
        }
    }

    /** A metric with Argo's default limits: one failure fails it, one inconclusive pauses it. */
    public static MetricSpec of(String name, Measure measure, String condition, Duration interval, int count) {
        return new MetricSpec(name, measure, Condition.parse(condition), interval, count, 0, 0,
                DEFAULT_CONSECUTIVE_ERROR_LIMIT);
    }

    public MetricSpec withLimits(int failureLimit, int inconclusiveLimit, int consecutiveErrorLimit) {
        return new MetricSpec(name, measure, condition, interval, count, failureLimit, inconclusiveLimit,
                consecutiveErrorLimit);
    }
}
