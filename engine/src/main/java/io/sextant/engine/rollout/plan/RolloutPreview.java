package io.sextant.engine.rollout.plan;

import io.sextant.appliers.api.GpuCapacity;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Rollout;
import io.sextant.spec.api.Kinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * How a planned change will roll out, in one line for a plan and a pull request's comment: the strategy, its
 * steps and the GPU peak while old and new run together, e.g. {@code canary 20% → 50% → 100%, GPU peak 3 ×
 * H100-80GB (+1 during the rollout)}. It applies the rule the controller applies when the change arrives
 * (an update from Git of a live resource whose kind asks for a rollout) and the same capacity check.
 */
public final class RolloutPreview {

    private RolloutPreview() {}

    /**
     * @param live     the live manifest the step starts from
     * @param capacity the backend's GPUs now ({@link GpuCapacity#unknown()} when it cannot say)
     * @return the line, or empty when the step applies at once
     */
    public static Optional<String> describe(PlanStep step, Kinds kinds, JsonNode live, GpuCapacity capacity) {
        if (step.action() != Action.UPDATE || step.drift() || step.desired() == null
                || !kinds.knows(step.key().kind())) {
            return Optional.empty();
        }
        KindDefinition definition = kinds.definition(step.key().kind());
        Optional<Rollout> rollout = definition.rollout(step.desired().resource());
        if (rollout.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Integer> before = definition.gpusPlaced(live);
        Map<String, Integer> after = definition.gpusPlaced(step.desired().manifest());
        String strategy = strategy(rollout.get());
        CapacityFit.Fit fit = CapacityFit.fit(step.desired().manifest(), after, capacity,
                rollout.get().blueGreen() == null);
        if (fit instanceof CapacityFit.Refused refused) {
            return Optional.of("rollout: " + strategy + "; refused now: " + refused.message());
        }
        if (after.size() != 1) {
            return Optional.of("rollout: " + strategy);
        }
        String type = after.keySet().iterator().next();
        int next = after.get(type);
        int old = before.getOrDefault(type, 0);
        int canary = next;
        String surge = "";
        if (fit instanceof CapacityFit.Surge s) {
            int replicas = Math.max(1, step.desired().manifest().path("spec").path("replicas").asInt(1));
            canary = next / replicas * s.replicas();
            surge = ", canary surges with " + s.replicas() + " of " + replicas + " replicas";
        }
        int peak = old + canary;
        return Optional.of("rollout: " + strategy + ", GPU peak " + peak + " × " + type + " (+"
                + (peak - Math.max(old, next)) + " during the rollout" + surge + ")");
    }

    /** {@code canary 20% → 50% → 100%}, or {@code blue-green: pre-warm 2m, analysis, switch, blue kept 30s}. */
    static String strategy(Rollout rollout) {
        if (rollout.blueGreen() != null) {
            Rollout.BlueGreen bg = rollout.blueGreen();
            List<String> parts = new ArrayList<>();
            if (!bg.prewarm().isZero()) {
                parts.add("pre-warm " + text(bg.prewarm()));
            }
            if (bg.prePromotionAnalysis() != null) {
                parts.add("analysis");
            }
            parts.add(bg.autoPromote() ? "switch" : "switch when promoted");
            parts.add("blue kept " + text(bg.scaleDownDelay()));
            return "blue-green: " + String.join(", ", parts);
        }
        List<String> weights = rollout.steps().stream().filter(Rollout.Weight.class::isInstance)
                .map(w -> ((Rollout.Weight) w).percent() + "%").collect(Collectors.toCollection(ArrayList::new));
        if (weights.isEmpty() || !weights.get(weights.size() - 1).equals("100%")) {
            weights.add("100%"); // the promotion
        }
        return "canary " + String.join(" → ", weights);
    }

    /** A duration as a person writes it in a spec: {@code 10m}, {@code 2h}, {@code 30s}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
