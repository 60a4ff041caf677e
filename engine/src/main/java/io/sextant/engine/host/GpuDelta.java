package io.sextant.engine.host;

import io.sextant.plugin.KindDefinition;
import io.sextant.spec.api.Kinds;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.plugin.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How many GPUs of each type a plan adds or frees on each backend, against what the backend has free
 * now. A backend that cannot tell its capacity is "capacity unknown", never a reason to fail a plan.
 *
 * @param backend the backend
 * @param gpuType the GPU type, as specs name it
 * @param delta   GPUs the plan adds (negative: frees)
 * @param free    GPUs of that type free on the backend now, or null when unknown
 */
record GpuDelta(String backend, String gpuType, int delta, Integer free) {

    /** Whether the plan asks for more GPUs than the backend has free. */
    boolean exceedsCapacity() {
        return delta > 0 && free != null && delta > free;
    }

    /** {@code +4 H100-80GB on sim-local; pool has 2 free}, as the plan comment shows it. */
    String describe() {
        String change = (delta > 0 ? "+" : "") + delta + " " + gpuType + " on " + backend;
        if (delta <= 0) {
            return change;
        }
        return change + "; " + (free == null ? "capacity unknown" : "pool has " + free + " free");
    }

    /** The GPU changes of a plan, by backend then GPU type; types whose count does not change are left out. */
    static List<GpuDelta> of(List<PlanStep> steps, BackendRegistry backends, Kinds kinds) {
        Map<String, Map<String, Integer>> deltas = new TreeMap<>();
        for (PlanStep step : steps) {
            Optional<KindDefinition> definition = kinds.find(step.key().kind().name());
            if (definition.isEmpty() || step.backend() == null) {
                continue;
            }
            Map<String, Integer> byType = deltas.computeIfAbsent(step.backend(), b -> new TreeMap<>());
            if (step.desired() != null) {
                add(definition.get().gpusPlaced(step.desired().manifest()), byType, 1);
            }
            if (step.action() != Action.CREATE) {
                add(definition.get().gpusPlaced(live(step)), byType, -1);
            }
        }
        List<GpuDelta> result = new ArrayList<>();
        deltas.forEach((backend, byType) -> {
            GpuCapacity capacity = capacity(backends.find(backend));
            byType.forEach((type, delta) -> {
                if (delta != 0) {
                    GpuCapacity.Pool pool = capacity.pools().get(type);
                    Integer free = !capacity.known() ? null : pool == null ? 0 : pool.free();
                    result.add(new GpuDelta(backend, type, delta, free));
                }
            });
        });
        return result;
    }

    private static GpuCapacity capacity(Optional<Applier> applier) {
        if (applier.isEmpty()) {
            return GpuCapacity.unknown();
        }
        try {
            return applier.get().capacity();
        } catch (BackendException | RuntimeException e) {
            return GpuCapacity.unknown(); // an unreachable backend cannot say; that never fails a plan
        }
    }

    /** The live manifest a step starts from: its desired manifest with the diff (live to desired) undone. */
    static JsonNode live(PlanStep step) {
        ObjectNode live = step.desired() == null || !(step.desired().manifest() instanceof ObjectNode desired)
                ? HostHttp.JSON.createObjectNode() : desired.deepCopy();
        for (FieldChange change : step.diff()) {
            undo(live, change);
        }
        return live;
    }

    private static void undo(ObjectNode root, FieldChange change) {
        String[] segments = change.path().isEmpty() ? new String[0] : change.path().substring(1).split("/", -1);
        if (segments.length == 0) {
            return;
        }
        JsonNode parent = root;
        for (int i = 0; i < segments.length - 1 && parent != null; i++) {
            String segment = unescape(segments[i]);
            JsonNode child = parent.isObject() ? parent.get(segment) : parent.isArray() && isIndex(segment)
                    ? parent.get(Integer.parseInt(segment)) : null;
            if (child == null && parent instanceof ObjectNode object && change.from() != null) {
                child = object.putObject(segment);
            }
            parent = child;
        }
        String last = unescape(segments[segments.length - 1]);
        if (parent instanceof ObjectNode object) {
            if (change.from() == null) {
                object.remove(last);
            } else {
                object.set(last, change.from().deepCopy());
            }
        } else if (parent instanceof ArrayNode array && isIndex(last) && Integer.parseInt(last) < array.size()
                && change.from() != null) {
            array.set(Integer.parseInt(last), change.from().deepCopy());
        }
    }

    private static boolean isIndex(String segment) {
        return segment.matches("\\d{1,9}");
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }

    /** Adds (sign 1) or removes (sign -1) what a manifest occupies, by GPU type. */
    private static void add(Map<String, Integer> placed, Map<String, Integer> byType, int sign) {
        placed.forEach((type, gpus) -> {
            if (gpus > 0) {
                byType.merge(type, sign * gpus, Integer::sum);
            }
        });
    }
}
