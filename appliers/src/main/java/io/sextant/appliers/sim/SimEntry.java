package io.sextant.appliers.sim;

import io.sextant.plugin.ResourceKey;
import tools.jackson.databind.node.ObjectNode;

/** One resource held by the simulated cluster: its live manifest and, for deployments, its placement. */
final class SimEntry {

    final ResourceKey key;
    /** Creation order; placement is first come, first served by it. */
    final long seq;
    ObjectNode manifest;
    /** GPU demand of a ModelDeployment, null for other kinds. */
    GpuDemand demand;
    /** Replicas currently holding GPUs. */
    int placed;

    SimEntry(ResourceKey key, long seq, ObjectNode manifest) {
        this.key = key;
        this.seq = seq;
        this.manifest = manifest;
    }

    /** Replicas wanted but not placed. */
    int missingReplicas() {
        return demand == null ? 0 : Math.max(0, demand.replicas() - placed);
    }
}
