package io.sextant.engine.rollout;

import io.sextant.plugin.Rollout;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The steps of a rollout in words, as the dashboard lists them ({@code weight 20%}, {@code pause 1m},
 * {@code analysis ttft every 30s ×2}): the API says what the spec says without the page knowing its shape.
 */
final class StepNames {

    private StepNames() {}

    static List<String> of(Rollout rollout) {
        return rollout.steps().stream().map(StepNames::name).toList();
    }

    static String name(Rollout.Step step) {
        if (step instanceof Rollout.Weight w) {
            return "weight " + w.percent() + "%";
        }
        if (step instanceof Rollout.Pause p) {
            return p.untilPromoted() ? "pause until promoted" : "pause " + duration(p.duration());
        }
        Rollout.Analysis a = (Rollout.Analysis) step; // the last permitted step (Java 17: no pattern switch)
        return "analysis " + a.metrics().stream().map(Rollout.Metric::name).collect(Collectors.joining(", "))
                + " every " + duration(a.interval()) + " ×" + a.count();
    }

    /** {@code 90s} as {@code 1m30s}: the unit a person wrote in the spec, more or less. */
    static String duration(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
