package io.sextant.spec.api;

import java.util.Map;
import java.util.Set;

/**
 * What semantic validation knows of engine configuration.
 *
 * @param backends   configured backend names, or null to skip backend checks (offline validation without config)
 * @param namespaces per-namespace policy; empty means every namespace may use every backend without quota
 */
public record ValidationContext(Set<String> backends, Map<String, NamespacePolicy> namespaces) {

    public ValidationContext {
        backends = backends == null ? null : Set.copyOf(backends);
        namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
    }

    /** No engine configuration: checks that need it are skipped. */
    public static ValidationContext offline() {
        return new ValidationContext(null, Map.of());
    }

    /**
     * What a namespace may use.
     *
     * @param backends backends it may target (empty: any)
     * @param gpuQuota GPUs by type it may hold in total over all its deployments (absent type: no limit)
     */
    public record NamespacePolicy(Set<String> backends, Map<String, Integer> gpuQuota) {
        public NamespacePolicy {
            backends = backends == null ? Set.of() : Set.copyOf(backends);
            gpuQuota = gpuQuota == null ? Map.of() : Map.copyOf(gpuQuota);
        }
    }
}
