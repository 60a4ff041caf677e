package io.sextant.appliers.sim;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GPU pools of the simulated cluster and which deployment replicas hold them, like a scheduler:
 * replicas that hold GPUs keep them (a later scale-up elsewhere never evicts them); replicas waiting
 * for GPUs get them first come, first served by creation order whenever GPUs free up.
 *
 * <p>Invariant after every public call: no waiting deployment could place one more replica. So a
 * deployment that starts waiting only needs to try for itself, and a full pass over the waiting
 * deployments of a GPU type is only needed when GPUs of that type are released.
 */
final class Placement {

    private final Map<String, Integer> totals;
    private final Map<String, Integer> used = new HashMap<>();
    /** Deployments with missing replicas of a known GPU type, by type, in creation order. */
    private final Map<String, TreeMap<Long, SimEntry>> waiting = new HashMap<>();

    Placement(Map<String, Integer> totals) {
        this.totals = Collections.unmodifiableMap(new TreeMap<>(totals));
    }

    Map<String, Integer> totals() {
        return totals;
    }

    int used(String type) {
        return used.getOrDefault(type, 0);
    }

    int free(String type) {
        return totals.getOrDefault(type, 0) - used(type);
    }

    /**
     * Moves an entry from its old demand to its current one ({@code entry.demand}): keeps as many
     * placed replicas as still fit the shape, releases the rest, then places what is missing.
     */
    void update(SimEntry entry, GpuDemand previous) {
        forget(entry, previous);
        String releasedType = null;
        if (previous != null && previous.needsGpus() && entry.placed > 0) {
            int keep = entry.demand != null && entry.demand.sameShapeAs(previous)
                    ? Math.min(entry.placed, entry.demand.replicas()) : 0;
            if (keep < entry.placed) {
                release(previous.gpuType(), (entry.placed - keep) * previous.perReplica());
                releasedType = previous.gpuType();
            }
            entry.placed = keep;
        } else if (previous != null && !previous.needsGpus()) {
            entry.placed = 0;
        }
        track(entry);
        if (releasedType != null) {
            fill(releasedType);
        }
        place(entry);
    }

    /** Releases everything a removed entry held and gives it to whoever waits. */
    void remove(SimEntry entry) {
        forget(entry, entry.demand);
        if (entry.demand != null && entry.demand.needsGpus() && entry.placed > 0) {
            release(entry.demand.gpuType(), entry.placed * entry.demand.perReplica());
            entry.placed = 0;
            fill(entry.demand.gpuType());
        }
    }

    /**
     * Takes over placements restored from a snapshot. GPU configuration may have changed since it was
     * written: placements on unknown types or beyond a pool's size are released, newest first.
     */
    void restore(Collection<SimEntry> entriesInCreationOrder) {
        used.clear();
        waiting.clear();
        for (SimEntry entry : entriesInCreationOrder) {
            GpuDemand demand = entry.demand;
            if (demand == null || demand.problem() != null) {
                entry.placed = 0;
            } else if (!demand.needsGpus()) {
                entry.placed = demand.replicas();
            } else if (!totals.containsKey(demand.gpuType())) {
                entry.placed = 0;
            } else {
                entry.placed = Math.min(entry.placed, demand.replicas());
                used.merge(demand.gpuType(), entry.placed * demand.perReplica(), Integer::sum);
            }
        }
        for (SimEntry entry : reversed(entriesInCreationOrder)) {
            while (entry.demand != null && entry.placed > 0 && entry.demand.needsGpus()
                    && free(entry.demand.gpuType()) < 0) {
                entry.placed--;
                release(entry.demand.gpuType(), entry.demand.perReplica());
            }
        }
        entriesInCreationOrder.forEach(this::track);
        totals.keySet().forEach(this::fill);
    }

    private void place(SimEntry entry) {
        if (entry.demand == null || entry.missingReplicas() == 0) {
            return;
        }
        if (!entry.demand.needsGpus()) {
            entry.placed = entry.demand.replicas();
            return;
        }
        String type = entry.demand.gpuType();
        if (!totals.containsKey(type)) {
            return;
        }
        int fit = Math.min(entry.missingReplicas(), free(type) / entry.demand.perReplica());
        if (fit > 0) {
            entry.placed += fit;
            used.merge(type, fit * entry.demand.perReplica(), Integer::sum);
        }
        if (entry.missingReplicas() == 0) {
            forget(entry, entry.demand);
        }
    }

    private void fill(String type) {
        TreeMap<Long, SimEntry> queue = waiting.get(type);
        if (queue == null) {
            return;
        }
        for (SimEntry entry : queue.values().toArray(SimEntry[]::new)) {
            if (free(type) <= 0) {
                return;
            }
            place(entry);
        }
    }

    private void track(SimEntry entry) {
        if (entry.demand != null && entry.demand.needsGpus() && entry.missingReplicas() > 0
                && totals.containsKey(entry.demand.gpuType())) {
            waiting.computeIfAbsent(entry.demand.gpuType(), t -> new TreeMap<>()).put(entry.seq, entry);
        }
    }

    private void forget(SimEntry entry, GpuDemand demand) {
        if (demand != null && demand.gpuType() != null) {
            TreeMap<Long, SimEntry> queue = waiting.get(demand.gpuType());
            if (queue != null) {
                queue.remove(entry.seq);
            }
        }
    }

    private void release(String type, int gpus) {
        used.merge(type, -gpus, Integer::sum);
    }

    private static <T> List<T> reversed(Collection<T> items) {
        List<T> list = new ArrayList<>(items);
        Collections.reverse(list);
        return list;
    }
}
