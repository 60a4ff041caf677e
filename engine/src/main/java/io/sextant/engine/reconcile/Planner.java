package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Orders plan steps: creates and updates first, dependencies before dependents and kinds by their
 * definitions' apply order (base deployments before adapters and routes); then deletions in the reverse
 * order (routes and adapters before the deployments they sit on), like Argo CD's prune phase.
 */
final class Planner {

    private Planner() {
    }

    /** @param byKind keys in apply order: kind ({@code Kinds#applyOrder()}), then namespace and name */
    static List<PlanStep> order(List<PlanStep> steps, Comparator<ResourceKey> byKind) {
        Comparator<PlanStep> byStep = Comparator.comparing(PlanStep::key, byKind);
        List<PlanStep> applies = new ArrayList<>();
        List<PlanStep> deletes = new ArrayList<>();
        for (PlanStep step : steps) {
            (step.action() == Action.DELETE ? deletes : applies).add(step);
        }
        List<PlanStep> ordered = new ArrayList<>(topological(applies, byStep));
        deletes.sort(byStep.reversed());
        ordered.addAll(deletes);
        return ordered;
    }

    /** Kahn's algorithm over dependencies inside the plan; ties broken by kind and name. */
    private static List<PlanStep> topological(List<PlanStep> steps, Comparator<PlanStep> byStep) {
        Map<ResourceKey, PlanStep> byKey = new HashMap<>();
        steps.forEach(s -> byKey.put(s.key(), s));
        Map<ResourceKey, Set<ResourceKey>> waitingOn = new HashMap<>();
        Map<ResourceKey, List<ResourceKey>> dependents = new HashMap<>();
        for (PlanStep step : steps) {
            Set<ResourceKey> inPlan = new LinkedHashSet<>();
            for (ResourceKey dependency : step.dependsOn()) {
                if (byKey.containsKey(dependency) && !dependency.equals(step.key())) {
                    inPlan.add(dependency);
                    dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(step.key());
                }
            }
            waitingOn.put(step.key(), inPlan);
        }
        PriorityQueue<PlanStep> ready = new PriorityQueue<>(byStep);
        steps.stream().filter(s -> waitingOn.get(s.key()).isEmpty()).forEach(ready::add);
        List<PlanStep> ordered = new ArrayList<>(steps.size());
        Set<ResourceKey> done = new HashSet<>();
        while (!ready.isEmpty()) {
            PlanStep next = ready.poll();
            ordered.add(next);
            done.add(next.key());
            for (ResourceKey dependent : dependents.getOrDefault(next.key(), List.of())) {
                Set<ResourceKey> waiting = waitingOn.get(dependent);
                waiting.remove(next.key());
                if (waiting.isEmpty()) {
                    ready.add(byKey.get(dependent));
                }
            }
        }
        // A cycle is a validation error and never reaches here; keep any leftovers rather than lose them.
        steps.stream().filter(s -> !done.contains(s.key())).sorted(byStep).forEach(ordered::add);
        return ordered;
    }
}
