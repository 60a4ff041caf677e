package io.sextant.engine.rollout.plan;

import io.sextant.appliers.api.GpuCapacity;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The capacity rule of a rollout, on its own so that plan previews (the pull request comment, {@code GET
 * /api/v1/plan}) and the rollout controller judge alike without the preview depending on the controller: a
 * canary needs the new spec's GPUs on top of what stable holds; when they do not all fit it surges with as many
 * replicas as the free GPUs hold (at least one); when not even one fits, or a version that must run whole
 * (blue-green's green, an autoscaled canary) does not fit, it is refused with how many GPUs are missing.
 * Unknown capacity never blocks.
 */
public final class CapacityFit {

    private CapacityFit() {
    }

    /** What the free GPUs allow. */
    public sealed interface Fit permits Full, Surge, Refused {}

    /** The canary runs at its spec's replicas. */
    public record Full() implements Fit {}

    /** The canary runs with {@code replicas} (fewer than its spec's), as many as fit. */
    public record Surge(int replicas, String why) implements Fit {}

    /** Not even one replica fits: {@code needs 2 more H100-80GB GPUs (free 0 of 8)}. */
    public record Refused(String message) implements Fit {}

    /** The same verdict against a capacity already read (a plan preview reads it once per backend). */
    public static Fit fit(JsonNode canary, Map<String, Integer> placed, GpuCapacity capacity, boolean mayShrink) {
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
