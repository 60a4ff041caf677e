package io.sextant.plugin;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a change to a resource reaches traffic, when its kind supports progressive delivery
 * ({@link KindDefinition#rollout}): a canary beside the stable version, moved through {@code steps} in order,
 * as Argo Rollouts' canary strategy does. After the last step the canary is promoted to stable.
 *
 * @param steps            in order; at least one
 * @param progressDeadline how long the canary may take to become Healthy; null for the engine's default
 */
public record Rollout(List<Step> steps, Duration progressDeadline) {

    public Rollout {
        steps = List.copyOf(steps);
    }

    /** One step of a canary: shift traffic, wait, or judge the canary on its serving metrics. */
    public sealed interface Step permits Weight, Pause, Analysis {}

    /** Sends {@code percent} of the traffic to the canary (0 to 100). */
    public record Weight(int percent) implements Step {}

    /** Waits {@code duration} before the next step. */
    public record Pause(Duration duration) implements Step {
        public Pause {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /**
     * Measures the canary (against the stable version for relative conditions) {@code count} times,
     * {@code interval} apart; more than {@code failureLimit} failed measurements of a metric abort the
     * rollout, more than {@code inconclusiveLimit} pause it.
     */
    public record Analysis(List<Metric> metrics, Duration interval, int count, int failureLimit,
                           int inconclusiveLimit) implements Step {
        public Analysis {
            metrics = List.copyOf(metrics);
            Objects.requireNonNull(interval, "interval");
        }
    }

    /**
     * One measured signal: either a {@code signal} of the backend's own metrics (with {@code quantile} for
     * latencies) or a PromQL {@code query}, judged by {@code condition} such as {@code p95 ttft < 500ms}.
     */
    public record Metric(String name, String signal, Double quantile, String query, String condition) {
        public Metric {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(condition, "condition");
        }
    }
}
