package io.sextant.spec.validate;

import io.sextant.plugin.Reference;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Selection;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every reference a kind declares ({@link io.sextant.plugin.KindDefinition#references}) names a resource
 * that exists, and no resource depends on itself through any chain (an adapter on its deployment, a
 * route on its targets, {@code dependsOn}): a plan must be able to order every resource after what it
 * depends on. Likewise every label selection ({@link io.sextant.plugin.KindDefinition#selections}) selects
 * something.
 */
final class Dependencies implements Rule {

    private static final int MAX_SHOWN = 8;

    /**
     * A cycle that a change makes or breaks runs through something the change touched, or through a
     * resource this rule reported before; every resource on such a cycle can be reached from it by
     * following edges, so the scope is everything reachable from those.
     */
    @Override
    public Set<ResourceKey> scope(DocumentIndex index, Set<ResourceKey> touched, Set<ResourceKey> failing,
                                  ValidationContext context) {
        Set<ResourceKey> scope = new HashSet<>(touched);
        scope.addAll(failing);
        Deque<ResourceKey> queue = new ArrayDeque<>(scope);
        while (!queue.isEmpty()) {
            SpecDocument document = index.canonical(queue.poll());
            if (document == null) {
                continue;
            }
            for (Reference edge : index.references(document)) {
                if (index.canonical(edge.target()) != null && scope.add(edge.target())) {
                    queue.add(edge.target());
                }
            }
        }
        return scope;
    }

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        Map<ResourceKey, List<Reference>> graph = new LinkedHashMap<>();
        for (SpecDocument document : documents.unique()) {
            List<Reference> existing = new ArrayList<>();
            for (Reference edge : documents.references(document)) {
                if (documents.get(edge.target()) != null) {
                    existing.add(edge);
                } else {
                    errors.add(document.unresolved(edge.field(), edge.target(), edge.missingMessage()));
                }
            }
            graph.put(document.key(), existing);
            selectNothing(documents, document, errors);
        }
        for (Set<ResourceKey> component : StronglyConnected.components(graph)) {
            for (ResourceKey member : component) {
                List<Reference> cycle = shortestCycle(member, component, graph);
                if (!cycle.isEmpty()) {
                    errors.add(documents.get(member).error(cycle.get(0).field(), "dependency cycle: " + describe(member, cycle)));
                }
            }
        }
    }

    /**
     * A label selection that selects nothing is an error at its field, for every kind. Like a name that
     * nothing defines, it is "unresolved" (the key names the selector), so while a file fails to load it is
     * taken for that file's consequence: the resources it defines may be the ones selected.
     */
    private static void selectNothing(DocumentSet documents, SpecDocument document, List<SpecError> errors) {
        String namespace = document.key().namespace();
        for (Selection selection : documents.kinds().definition(document.key().kind()).selections(document.resource())) {
            if (!documents.selectsAny(selection, namespace)) {
                errors.add(document.unresolved(selection.field(),
                        new ResourceKey(selection.kind(), namespace, selection.selector().toString()),
                        "selector " + selection.selector() + " matches no " + selection.kind() + " in namespace '"
                                + namespace + "'"));
            }
        }
    }

    /** {@code A -> B -> A}; a long cycle keeps its ends, so every message stays one readable line. */
    private static String describe(ResourceKey start, List<Reference> cycle) {
        List<String> hops = new ArrayList<>();
        hops.add(start.toString());
        cycle.forEach(edge -> hops.add(edge.target().toString()));
        if (hops.size() <= MAX_SHOWN) {
            return String.join(" -> ", hops);
        }
        return String.join(" -> ", hops.subList(0, MAX_SHOWN - 2)) + " -> ... -> " + hops.get(hops.size() - 2)
                + " -> " + hops.get(hops.size() - 1) + " (" + cycle.size() + " resources)";
    }

    /** Breadth-first: the shortest chain of edges from {@code start} back to itself inside its component. */
    private static List<Reference> shortestCycle(ResourceKey start, Set<ResourceKey> component,
                                            Map<ResourceKey, List<Reference>> graph) {
        Map<ResourceKey, Reference> via = new HashMap<>();
        Map<ResourceKey, ResourceKey> from = new HashMap<>();
        Deque<ResourceKey> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            ResourceKey node = queue.poll();
            for (Reference edge : graph.getOrDefault(node, List.of())) {
                if (!component.contains(edge.target()) || via.containsKey(edge.target())) {
                    continue;
                }
                via.put(edge.target(), edge);
                from.put(edge.target(), node);
                if (edge.target().equals(start)) {
                    List<Reference> cycle = new ArrayList<>();
                    for (ResourceKey at = start; cycle.isEmpty() || !at.equals(start); at = from.get(at)) {
                        cycle.add(0, via.get(at));
                    }
                    return cycle;
                }
                queue.add(edge.target());
            }
        }
        return List.of();
    }
}
