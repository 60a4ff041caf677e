package io.sextant.engine.host;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.engine.rollout.plan.RolloutPreview;
import io.sextant.plugin.BackendException;
import io.sextant.spec.api.Kinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes of a plan that will roll out progressively, each with its strategy and GPU peak
 * ({@link RolloutPreview}): for the pull request's plan comment and {@code GET /api/v1/plan}.
 */
public final class RolloutLines {

    private RolloutLines() {}

    /** How each rolling step of {@code steps} will roll out, by step (in plan order); others are left out. */
    public static Map<PlanStep, String> of(List<PlanStep> steps, BackendRegistry backends, Kinds kinds) {
        Map<String, GpuCapacity> capacities = new HashMap<>(); // one capacity read per backend
        Map<PlanStep, String> lines = new LinkedHashMap<>();
        for (PlanStep step : steps) {
            if (step.backend() == null) {
                continue;
            }
            GpuCapacity capacity = capacities.computeIfAbsent(step.backend(), b -> capacity(backends.find(b)));
            RolloutPreview.describe(step, kinds, GpuDelta.live(step), capacity).ifPresent(line -> lines.put(step, line));
        }
        return lines;
    }

    /** One Markdown line per rolling step: {@code `ModelDeployment/search/llama`: rollout: canary 20% → 100%, ...}. */
    static List<String> markdown(List<PlanStep> steps, BackendRegistry backends, Kinds kinds) {
        List<String> lines = new ArrayList<>();
        of(steps, backends, kinds).forEach((step, line) -> lines.add("`" + step.key() + "`: " + line));
        return lines;
    }

    private static GpuCapacity capacity(Optional<Applier> applier) {
        try {
            return applier.isEmpty() ? GpuCapacity.unknown() : applier.get().capacity();
        } catch (BackendException | RuntimeException e) {
            return GpuCapacity.unknown(); // an unreachable backend cannot say; that never fails a plan
        }
    }
}
