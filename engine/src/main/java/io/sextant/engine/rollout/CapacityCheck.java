package io.sextant.engine.rollout;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.plugin.BackendException;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Whether a canary fits beside its stable version on the backend's free GPUs, checked before it starts.
 * A canary needs the new spec's GPUs on top of what stable holds. When they do not all fit, the canary
 * surges: it runs with as many replicas as the free GPUs hold (at least one), and the promotion replaces
 * stable in place, so the GPU peak never exceeds what is free. When not even one replica fits (or an
 * autoscaled canary, whose replica count is the autoscaler's, does not fit whole), the rollout is refused
 * with how many GPUs are missing. A backend whose capacity is unknown never blocks a canary.
 */
final class CapacityCheck {

    /** What the free GPUs allow. */
    sealed interface Fit permits Full, Surge, Refused {}

    /** The canary runs at its spec's replicas. */
    record Full() implements Fit {}

    /** The canary runs with {@code replicas} (fewer than its spec's), as many as fit. */
    record Surge(int replicas, String why) implements Fit {}

    /** Not even one replica fits: {@code needs 2 more H100-80GB GPUs (free 0 of 8)}. */
    record Refused(String message) implements Fit {}

    private final BackendRegistry backends;

    CapacityCheck(BackendRegistry backends) {
        this.backends = backends;
    }

    /**
     * @param placed     GPUs by type the canary's manifest occupies at its full replicas
     * @param mayShrink  whether the new version may run with fewer replicas (a canary may; blue-green's green
     *                   takes all traffic at once, so it runs whole or not at all)
     */
    Fit check(String backend, JsonNode canary, Map<String, Integer> placed, boolean mayShrink) {
        if (placed.size() != 1) {
            return new Full(); // no GPUs asked for (or a kind this check does not understand)
        }
        GpuCapacity capacity;
        try {
            Optional<Applier> applier = backends.find(backend);
            capacity = applier.isEmpty() ? GpuCapacity.unknown() : applier.get().capacity();
        } catch (BackendException e) {
            return new Full(); // capacity unknown: never a reason to block
        }
        return fit(canary, placed, capacity, mayShrink);
    }

    /** The same verdict against a capacity already read (a plan preview reads it once per backend). */
    static Fit fit(JsonNode canary, Map<String, Integer> placed, GpuCapacity capacity, boolean mayShrink) {
        if (placed.size() != 1 || !capacity.known()) {
            return new Full();
        }
        Map.Entry<String, Integer> need = placed.entrySet().iterator().next();
        String type = need.getKey();
        GpuCapacity.Pool pool = capacity.pools().getOrDefault(type, new GpuCapacity.Pool(0, 0));
        int replicas = Math.max(1, canary.path("spec").path("replicas").asInt(1));
        int perReplica = Math.max(1, need.getValue() / replicas);
        if (need.getValue() <= pool.free()) {
            return new Full();
        }
        String free = "(free " + pool.free() + " of " + pool.total() + ")";
        if (perReplica > pool.free() || !mayShrink || !canary.path("spec").path("replicas").isNumber()) {
            int missing = (perReplica > pool.free() && mayShrink ? perReplica : need.getValue()) - pool.free();
            return new Refused("needs " + missing + " more " + type + " GPU" + (missing == 1 ? "" : "s") + " " + free);
        }
        int fit = pool.free() / perReplica;
        return new Surge(fit, "canary surges with " + fit + " of " + replicas + " replicas: old and new do not fit"
                + " together, needs " + (need.getValue() - pool.free()) + " more " + type + " GPUs " + free);
    }
}
