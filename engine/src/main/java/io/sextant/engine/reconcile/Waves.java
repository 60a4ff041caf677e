package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts an ordered plan into waves of steps that may run at the same time. A run of consecutive steps of one
 * kind and one phase (applies, then deletions) is layered by its dependencies: a step goes one wave after the
 * latest wave holding a step of the run it depends on, so it is never in the wave of its dependency, and a
 * run whose every fourth step depends on the one before is two waves, not a wave per dependency. Running the
 * waves one after the other keeps every order the planner set: dependencies before dependents, deployments
 * before adapters and routes, deletions in reverse.
 */
final class Waves {

    /**
     * Steps that run at the same time.
     *
     * @param positions each step's index in the plan (the journal's step number)
     */
    record Wave(List<PlanStep> steps, List<Integer> positions) {
        Wave {
            steps = List.copyOf(steps);
            positions = List.copyOf(positions);
        }
    }

    private Waves() {
    }

    static List<Wave> of(List<PlanStep> ordered) {
        List<Wave> waves = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= ordered.size(); i++) {
            if (i == ordered.size() || !sameRun(ordered.get(i), ordered.get(start))) {
                layer(ordered, start, i, waves);
                start = i;
            }
        }
        return waves;
    }

    /** Adds the waves of steps {@code from} (inclusive) to {@code to} (exclusive), one run, layered by dependency. */
    private static void layer(List<PlanStep> ordered, int from, int to, List<Wave> waves) {
        Map<ResourceKey, Integer> layerOf = new HashMap<>();
        List<List<Integer>> layers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            PlanStep step = ordered.get(i);
            int layer = 0;
            for (ResourceKey dependency : step.dependsOn()) {
                Integer of = layerOf.get(dependency);
                if (of != null) {
                    layer = Math.max(layer, of + 1);
                }
            }
            layerOf.put(step.key(), layer);
            while (layers.size() <= layer) {
                layers.add(new ArrayList<>());
            }
            layers.get(layer).add(i);
        }
        for (List<Integer> positions : layers) {
            waves.add(new Wave(positions.stream().map(ordered::get).toList(), positions));
        }
    }

    private static boolean sameRun(PlanStep step, PlanStep first) {
        return (step.action() == Action.DELETE) == (first.action() == Action.DELETE)
                && step.key().kind().equals(first.key().kind());
    }
}
