package io.sextant.engine.config;

import java.util.List;
import java.util.Map;

/**
 * Allow-list policy: which backends and how many GPUs each namespace may use. No entry for a
 * namespace, when some are configured, means the namespace may use nothing.
 */
public record PolicyProperties(Map<String, NamespaceProperties> namespaces) {

    public PolicyProperties {
        namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
    }

    /** What one namespace may use. */
    public record NamespaceProperties(List<String> backends, Map<String, Integer> gpuQuota) {}
}
