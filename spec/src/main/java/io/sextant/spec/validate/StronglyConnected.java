package io.sextant.spec.validate;

import io.sextant.plugin.Reference;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tarjan's strongly connected components, iterative so a 10,000-resource chain cannot overflow the stack.
 * Only components that hold a cycle are returned (more than one member, or a member depending on itself).
 */
final class StronglyConnected {

    private final Map<ResourceKey, List<Reference>> graph;
    private final Map<ResourceKey, Integer> index = new HashMap<>();
    private final Map<ResourceKey, Integer> low = new HashMap<>();
    private final Deque<ResourceKey> stack = new ArrayDeque<>();
    private final Set<ResourceKey> onStack = new LinkedHashSet<>();
    private final List<Set<ResourceKey>> cycles = new ArrayList<>();

    private StronglyConnected(Map<ResourceKey, List<Reference>> graph) {
        this.graph = graph;
    }

    static List<Set<ResourceKey>> components(Map<ResourceKey, List<Reference>> graph) {
        StronglyConnected search = new StronglyConnected(graph);
        graph.keySet().forEach(node -> {
            if (!search.index.containsKey(node)) {
                search.visit(node);
            }
        });
        return search.cycles;
    }

    /** One depth-first visit; each frame is a node and how many of its edges were already followed. */
    private void visit(ResourceKey root) {
        Deque<Object[]> frames = new ArrayDeque<>();
        open(root);
        frames.push(new Object[] {root, 0});
        while (!frames.isEmpty()) {
            Object[] frame = frames.peek();
            ResourceKey node = (ResourceKey) frame[0];
            int next = (int) frame[1];
            List<Reference> edges = graph.getOrDefault(node, List.of());
            if (next < edges.size()) {
                frame[1] = next + 1;
                ResourceKey target = edges.get(next).target();
                if (!index.containsKey(target)) {
                    open(target);
                    frames.push(new Object[] {target, 0});
                } else if (onStack.contains(target)) {
                    low.put(node, Math.min(low.get(node), index.get(target)));
                }
                continue;
            }
            frames.pop();
            if (!frames.isEmpty()) {
                ResourceKey parent = (ResourceKey) frames.peek()[0];
                low.put(parent, Math.min(low.get(parent), low.get(node)));
            }
            if (low.get(node).equals(index.get(node))) {
                close(node);
            }
        }
    }

    private void open(ResourceKey node) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        onStack.add(node);
    }

    private void close(ResourceKey root) {
        Set<ResourceKey> component = new LinkedHashSet<>();
        ResourceKey member;
        do {
            member = stack.pop();
            onStack.remove(member);
            component.add(member);
        } while (!member.equals(root));
        boolean selfLoop = graph.getOrDefault(root, List.of()).stream().anyMatch(edge -> edge.target().equals(root));
        if (component.size() > 1 || selfLoop) {
            cycles.add(component);
        }
    }
}
