package io.sextant.plugin;

import java.util.Map;
import java.util.Objects;

/** Kubernetes-style metadata; {@code namespace} is the owning team and defaults to {@code default}. */
public record Metadata(String name, String namespace, Map<String, String> labels) {

    public static final String DEFAULT_NAMESPACE = "default";

    public Metadata {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
