package io.sextant.spec.policy;

import java.util.Set;

/**
 * {@code gpus}: which GPU types a namespace may ask for, and how many per replica.
 *
 * @param allowedTypes  GPU types, such as {@code H100-80GB}; empty: any
 * @param maxPerReplica the most GPUs one replica may ask for, or null for no limit
 */
public record GpuRules(Set<String> allowedTypes, Integer maxPerReplica) {

    /** @throws IllegalArgumentException when the maximum is below 1 */
    public GpuRules {
        allowedTypes = allowedTypes == null ? Set.of() : Set.copyOf(allowedTypes);
        if (maxPerReplica != null && maxPerReplica < 1) {
            throw new IllegalArgumentException("max-per-replica must be at least 1, got " + maxPerReplica);
        }
    }
}
