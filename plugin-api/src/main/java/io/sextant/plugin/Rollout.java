package io.sextant.plugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a change to a resource reaches traffic, when its kind supports progressive delivery
 * ({@link KindDefinition#rollout}): a canary beside the stable version, moved through {@code steps} in order,
 * as Argo Rollouts' canary strategy does, or a blue-green switch ({@code blueGreen}). After the last step the
 * new version is promoted to stable.
 *
 * @param steps            a canary's steps in order; empty for blue-green
 * @param progressDeadline how long the new version may take to become Healthy; null for the engine's default
 * @param blueGreen        the blue-green strategy, or null for a canary
 */
public record Rollout(List<Step> steps, Duration progressDeadline, BlueGreen blueGreen) {

    public Rollout {
        steps = List.copyOf(steps);
    }

    /** A canary rollout. */
    public Rollout(List<Step> steps, Duration progressDeadline) {
        this(steps, progressDeadline, null);
    }

    /**
     * The steps the engine runs: a canary's as written; blue-green's as the same step kinds, so one
     * controller and one journal run both. Weight 0 waits for green to be Healthy with no traffic, a pause
     * pre-warms it, the pre-promotion analysis judges it, an open pause waits for a person when
     * {@code autoPromote} is false, weight 100 switches all traffic at once, and a last pause keeps blue for
     * {@code scaleDownDelay} before the promotion replaces it.
     */
    public List<Step> plan() {
        if (blueGreen == null) {
            return steps;
        }
        List<Step> plan = new ArrayList<>();
        plan.add(new Weight(0));
        if (!blueGreen.prewarm().isZero()) {
            plan.add(new Pause(blueGreen.prewarm()));
        }
        if (blueGreen.prePromotionAnalysis() != null) {
            plan.add(blueGreen.prePromotionAnalysis());
        }
        if (!blueGreen.autoPromote()) {
            plan.add(new Pause(null));
        }
        plan.add(new Weight(100));
        if (!blueGreen.scaleDownDelay().isZero()) {
            plan.add(new Pause(blueGreen.scaleDownDelay()));
        }
        return List.copyOf(plan);
    }

    /**
     * Argo Rollouts' {@code blueGreen}, adapted: green (the new version) runs at full replicas beside blue;
     * traffic stays on blue until green is Healthy, has been for {@code prewarm}, and passed
     * {@code prePromotionAnalysis}; then it all switches at once, and blue is replaced after
     * {@code scaleDownDelay}.
     *
     * @param prePromotionAnalysis null for none
     * @param autoPromote          false: green waits, ready, until a person promotes it
     */
    public record BlueGreen(Duration prewarm, Analysis prePromotionAnalysis, boolean autoPromote,
                            Duration scaleDownDelay) {
        public BlueGreen {
            Objects.requireNonNull(prewarm, "prewarm");
            Objects.requireNonNull(scaleDownDelay, "scaleDownDelay");
        }
    }

    /** One step of a canary: shift traffic, wait, or judge the canary on its serving metrics. */
    public sealed interface Step permits Weight, Pause, Analysis {}

    /** Sends {@code percent} of the traffic to the canary (0 to 100). */
    public record Weight(int percent) implements Step {}

    /**
     * Waits {@code duration} before the next step; a null duration waits until a person promotes the rollout
     * (Argo Rollouts' {@code pause: {}}), which blue-green without {@code autoPromote} uses.
     */
    public record Pause(Duration duration) implements Step {
        /** Whether it waits for a person rather than for time. */
        public boolean untilPromoted() {
            return duration == null;
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
