package io.sextant.engine.rollout;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.rollout.plan.CapacityFit;
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

    private final BackendRegistry backends;

    CapacityCheck(BackendRegistry backends) {
        this.backends = backends;
    }

    /**
     * @param placed     GPUs by type the canary's manifest occupies at its full replicas
     * @param mayShrink  whether the new version may run with fewer replicas (a canary may; blue-green's green
     *                   takes all traffic at once, so it runs whole or not at all)
     */
    CapacityFit.Fit check(String backend, JsonNode canary, Map<String, Integer> placed, boolean mayShrink) {
        if (placed.size() != 1) {
            return new CapacityFit.Full(); // no GPUs asked for (or a kind this check does not understand)
        }
        GpuCapacity capacity;
        try {
            Optional<Applier> applier = backends.find(backend);
            capacity = applier.isEmpty() ? GpuCapacity.unknown() : applier.get().capacity();
        } catch (BackendException e) {
            return new CapacityFit.Full(); // capacity unknown: never a reason to block
        }
        return CapacityFit.fit(canary, placed, capacity, mayShrink);
    }
}
