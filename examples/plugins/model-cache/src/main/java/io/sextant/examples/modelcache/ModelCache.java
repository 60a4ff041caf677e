package io.sextant.examples.modelcache;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.util.Map;
import java.util.Objects;

/**
 * A cache of a model's weights on the local disks of a backend's nodes, pulled before deployments need them
 * (as KServe's LocalModelCache does), so a new replica starts from local disk instead of the model hub.
 *
 * @param metadata name, namespace (the owning team) and labels
 * @param spec     what to cache where
 */
public record ModelCache(Metadata metadata, Spec spec) implements Resource {

    public static final Kind KIND = Kind.of("ModelCache");

    /**
     * @param backend      the backend whose nodes hold the cache
     * @param modelUri     where the weights come from ({@code spec.model.uri})
     * @param revision     a pinned revision, or empty ({@code spec.model.revision})
     * @param size         as written, such as {@code 16Gi} ({@code spec.size})
     * @param bytes        the size in bytes, reserved on every node the selector picks
     * @param nodeSelector node labels picking the nodes, such as {@code sextant.io/gpu-type: H100-80GB};
     *                     empty for every node
     */
    public record Spec(String backend, String modelUri, String revision, String size, long bytes,
                       Map<String, String> nodeSelector) {
        public Spec {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(modelUri, "modelUri");
            revision = revision == null ? "" : revision;
            nodeSelector = Map.copyOf(nodeSelector);
        }
    }

    @Override
    public Kind kind() {
        return KIND;
    }
}
