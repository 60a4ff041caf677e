package io.sextant.spec.api;

import io.sextant.spec.policy.Allowlists;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What semantic validation knows of engine configuration.
 *
 * @param backends   configured backend names, or null to skip backend checks (offline validation without config)
 * @param namespaces per-namespace policy, already completed from {@code defaults}; empty means every namespace
 *                   may use every backend without quota (under {@code defaults} when there are some)
 * @param defaults   {@code sextant.policy.defaults}: what applies where a namespace sets nothing; null for none
 */
public record ValidationContext(Set<String> backends, Map<String, NamespacePolicy> namespaces, NamespacePolicy defaults) {

    public ValidationContext {
        backends = backends == null ? null : Set.copyOf(backends);
        Map<String, NamespacePolicy> completed = new HashMap<>();
        if (namespaces != null) {
            NamespacePolicy fill = defaults;
            namespaces.forEach((name, policy) -> completed.put(name, policy.or(fill)));
        }
        namespaces = Map.copyOf(completed);
    }

    /** A context without defaults. */
    public ValidationContext(Set<String> backends, Map<String, NamespacePolicy> namespaces) {
        this(backends, namespaces, null);
    }

    /** No engine configuration: checks that need it are skipped. */
    public static ValidationContext offline() {
        return new ValidationContext(null, Map.of());
    }

    /**
     * The policy of {@code namespace}: its own entry when namespaces are listed (null when it has none, and so
     * may use nothing), else the defaults (null when there are none, and so everything is allowed).
     */
    public NamespacePolicy policyFor(String namespace) {
        return namespaces.isEmpty() ? defaults : namespaces.get(namespace);
    }

    /**
     * What a namespace may use.
     *
     * @param backends   backends it may target (empty: any)
     * @param gpuQuota   GPUs by type it may hold in total over all its deployments (absent type: no limit)
     * @param allowlists what its models, images, GPUs and runtime arguments may be
     */
    public record NamespacePolicy(Set<String> backends, Map<String, Integer> gpuQuota, Allowlists allowlists) {
        public NamespacePolicy {
            backends = backends == null ? Set.of() : Set.copyOf(backends);
            gpuQuota = gpuQuota == null ? Map.of() : Map.copyOf(gpuQuota);
            allowlists = allowlists == null ? Allowlists.NONE : allowlists;
        }

        /** Backends and quota only. */
        public NamespacePolicy(Set<String> backends, Map<String, Integer> gpuQuota) {
            this(backends, gpuQuota, Allowlists.NONE);
        }

        /** This policy with what it leaves unset taken from {@code defaults}. */
        NamespacePolicy or(NamespacePolicy defaults) {
            if (defaults == null) {
                return this;
            }
            return new NamespacePolicy(backends.isEmpty() ? defaults.backends : backends,
                    gpuQuota.isEmpty() ? defaults.gpuQuota : gpuQuota, allowlists.or(defaults.allowlists));
        }
    }
}
