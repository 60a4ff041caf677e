package io.sextant.engine.rollout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;

/**
 * Progressive delivery in Prometheus, one {@code sextant_rollout_} family: {@code sextant_rollout_ended_total{outcome}}
 * (promoted, aborted), {@code sextant_rollout_running}, {@code sextant_rollout_canary_weight{namespace,name,kind}} of
 * each running or paused rollout (a series leaves once its rollout ends, so a dashboard shows only live canaries)
 * and {@code sextant_rollout_breach_to_stable_seconds}, the time from an analysis' first failed measurement to its
 * abort done (issue 12's target: at most two analysis intervals plus 1 s).
 */
final class RolloutMetrics {

    private final MeterRegistry registry;
    private final MultiGauge weights;

    RolloutMetrics(MeterRegistry registry, RolloutStore store) {
        this.registry = registry;
        this.weights = MultiGauge.builder("sextant.rollout.canary.weight")
                .description("Percent of traffic on the canary of each running rollout").register(registry);
        Gauge.builder("sextant.rollout.running", store, s -> s.running().size())
                .description("Rollouts moving on by themselves").register(registry);
    }

    void ended(String outcome) {
        registry.counter("sextant.rollout.ended", "outcome", outcome).increment();
    }

    /** An abort on a failed analysis: from the breach as measured to traffic back on stable and the canary gone. */
    void breachToStable(Duration elapsed) {
        Timer.builder("sextant.rollout.breach.to.stable")
                .description("From the first failed measurement of a canary's analysis to its rollout aborted")
                .register(registry).record(elapsed);
    }

    /** Replaces the weight series with those of the rollouts still going. */
    void refresh(List<RolloutState> all) {
        weights.register(all.stream().filter(s -> s.phase() == RolloutState.Phase.RUNNING
                        || s.phase() == RolloutState.Phase.PAUSED)
                .map(s -> MultiGauge.Row.of(Tags.of("kind", s.key().kind().apiName(), "namespace",
                        s.key().namespace(), "name", s.key().name()), s.weight()))
                .toList(), true);
    }
}
