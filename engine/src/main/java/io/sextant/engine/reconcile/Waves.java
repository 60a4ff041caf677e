package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts an ordered plan into waves of steps that may run at the same time: consecutive steps of one
 * kind and one phase (applies, then deletions), none of which depends on another step of its wave.
 * Running the waves one after the other keeps every order the planner set: dependencies before
 * dependents, deployments before adapters and routes, deletions in reverse.
 */
final class Waves {

    private Waves() {
    }

    static List<List<PlanStep>> of(List<PlanStep> ordered) {
        List<List<PlanStep>> waves = new ArrayList<>();
        List<PlanStep> wave = new ArrayList<>();
        Set<ResourceKey> inWave = new HashSet<>();
        for (PlanStep step : ordered) {
            if (!wave.isEmpty() && !fits(step, wave.get(0), inWave)) {
                waves.add(wave);
                wave = new ArrayList<>();
                inWave = new HashSet<>();
            }
            wave.add(step);
            inWave.add(step.key());
        }
        if (!wave.isEmpty()) {
            waves.add(wave);
        }
        return waves;
    }

    private static boolean fits(PlanStep step, PlanStep first, Set<ResourceKey> inWave) {
        return (step.action() == Action.DELETE) == (first.action() == Action.DELETE)
                && step.key().kind().equals(first.key().kind())
                && step.dependsOn().stream().noneMatch(inWave::contains);
    }
}
