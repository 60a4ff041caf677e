package io.sextant.appliers.sim;

import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.Health;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import tools.jackson.databind.JsonNode;

/**
 * Health of a simulated resource and the message that explains it. Messages name the numbers a
 * platform engineer needs to act: how many replicas run, what they need, what is free.
 */
record SimHealth(Health health, String message) {

    /** How the sim judges each kind it serves (see {@link SimApplier#kinds()}). */
    private static final Map<Kind, BiFunction<SimCluster, SimEntry, SimHealth>> BY_KIND = Map.of(
            ModelDeployment.KIND, SimHealth::deployment,
            LoraAdapter.KIND, SimHealth::adapter,
            InferenceRoute.KIND, SimHealth::route);

    /** The kinds the sim serves itself. */
    static Set<Kind> kinds() {
        return BY_KIND.keySet();
    }

    static SimHealth of(SimCluster cluster, SimEntry entry) {
        BiFunction<SimCluster, SimEntry, SimHealth> health = BY_KIND.get(entry.key.kind());
        return health == null ? new SimHealth(Health.UNKNOWN, "the sim does not serve " + entry.key.kind())
                : health.apply(cluster, entry);
    }

    private static SimHealth deployment(SimCluster cluster, SimEntry entry) {
        GpuDemand demand = entry.demand;
        if (demand.problem() != null) {
            return degraded(demand.problem());
        }
        if (!demand.needsGpus()) {
            return new SimHealth(Health.HEALTHY, demand.replicas() + " of " + demand.replicas()
                    + " replicas placed" + (demand.replicas() > 0 ? " (no GPUs requested)" : ""));
        }
        Placement placement = cluster.placement();
        String type = demand.gpuType();
        if (!placement.totals().containsKey(type)) {
            String has = placement.totals().isEmpty() ? "none" : String.join(", ", placement.totals().keySet());
            return degraded("no GPUs of type '" + type + "' on backend '" + cluster.backendName() + "' (has " + has + ")");
        }
        String placed = entry.placed + " of " + demand.replicas() + " replicas placed";
        if (entry.placed < demand.replicas()) {
            return degraded("insufficient GPUs: " + placed + "; needs " + demand.perReplica() + " " + type
                    + " per replica, " + placement.free(type) + " of " + placement.totals().get(type) + " free");
        }
        return new SimHealth(Health.HEALTHY, placed + " on " + type + " (" + demand.perReplica() + " per replica)");
    }

    private static SimHealth adapter(SimCluster cluster, SimEntry entry) {
        String deployment = entry.manifest.path("spec").path("deployment").asString("");
        if (deployment.isEmpty()) {
            return degraded("spec.deployment names no deployment");
        }
        SimEntry target = cluster.get(new ResourceKey(ModelDeployment.KIND, entry.key.namespace(), deployment));
        if (target == null) {
            return degraded("deployment '" + deployment + "' not found on backend '" + cluster.backendName() + "'");
        }
        SimHealth targetHealth = deployment(cluster, target);
        if (targetHealth.health() != Health.HEALTHY) {
            return degraded("deployment '" + deployment + "' is " + targetHealth.health() + ": " + targetHealth.message());
        }
        return new SimHealth(Health.HEALTHY, "loaded on deployment '" + deployment + "'");
    }

    private static SimHealth route(SimCluster cluster, SimEntry entry) {
        Set<String> targets = new LinkedHashSet<>();
        for (JsonNode target : entry.manifest.path("spec").path("targets")) {
            targets.add(target.path("deployment").asString(""));
        }
        if (targets.isEmpty()) {
            return degraded("spec.targets names no deployment");
        }
        List<String> missing = new ArrayList<>();
        for (String name : targets) {
            if (name.isEmpty() || cluster.get(new ResourceKey(ModelDeployment.KIND, entry.key.namespace(), name)) == null) {
                missing.add("'" + name + "'");
            }
        }
        if (!missing.isEmpty()) {
            return degraded("target deployment" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " not found on backend '" + cluster.backendName() + "'");
        }
        return new SimHealth(Health.HEALTHY, "routes to " + String.join(", ", targets));
    }

    private static SimHealth degraded(String message) {
        return new SimHealth(Health.DEGRADED, message);
    }
}
