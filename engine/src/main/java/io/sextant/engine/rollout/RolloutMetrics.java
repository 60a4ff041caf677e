package io.sextant.engine.rollout;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * Progressive delivery in Prometheus: {@code sextant_rollouts_total{outcome}} (promoted, aborted),
 * {@code sextant_rollouts_running} and {@code sextant_rollout_canary_weight{namespace,name,kind}} of each running
 * or paused rollout (a series leaves once its rollout ends, so a dashboard shows only live canaries).
 */
final class RolloutMetrics {

    private final MeterRegistry registry;
    private final MultiGauge weights;

    RolloutMetrics(MeterRegistry registry, RolloutStore store) {
        this.registry = registry;
        this.weights = MultiGauge.builder("sextant.rollout.canary.weight")
                .description("Percent of traffic on the canary of each running rollout").register(registry);
        Gauge.builder("sextant.rollouts.running", store, s -> s.running().size())
                .description("Rollouts moving on by themselves").register(registry);
    }

    void ended(String outcome) {
        registry.counter("sextant.rollouts", "outcome", outcome).increment();
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
