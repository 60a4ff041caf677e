package io.sextant.engine.config;

import java.util.List;
import java.util.Map;

/**
 * Allow-list policy: which backends, GPUs, models, images and runtime arguments each namespace may use. No
 * entry for a namespace, when some are configured, means the namespace may use nothing.
 *
 * @param namespaces what each namespace may use
 * @param defaults   what applies where a namespace sets nothing (group by group: a namespace that sets
 *                   {@code models} replaces the default {@code models}); with no namespaces listed, what
 *                   every namespace may use. Null for none.
 */
public record PolicyProperties(Map<String, NamespaceProperties> namespaces, NamespaceProperties defaults) {

    public PolicyProperties {
        namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
    }

    /**
     * What one namespace may use; an unset group allows everything (or takes the defaults').
     *
     * @param backends    backends it may target
     * @param gpuQuota    GPUs by type it may hold in total
     * @param models      where its models may come from
     * @param images      where its runtime images may come from
     * @param gpus        which GPU types, and how many per replica
     * @param runtimeArgs which serving-runtime arguments
     */
    public record NamespaceProperties(List<String> backends, Map<String, Integer> gpuQuota, Models models,
                                      Images images, Gpus gpus, RuntimeArgs runtimeArgs) {}

    /**
     * @param allowedUris           URI prefixes, each ending at a path boundary ({@code hf://meta-llama/})
     * @param requirePinnedRevision whether revisions must be immutable: a 40-hex commit for {@code hf://}, a
     *                              {@code sha256:<64 hex>} content digest for other stores
     */
    public record Models(List<String> allowedUris, Boolean requirePinnedRevision) {}

    /**
     * @param allowedRegistries registry prefixes, {@code host[:port]/[path/]} ({@code docker.io/vllm/})
     * @param requireDigest     whether images must be pinned by {@code @sha256:} digest
     */
    public record Images(List<String> allowedRegistries, Boolean requireDigest) {}

    /**
     * @param allowedTypes  GPU types, such as {@code H100-80GB}
     * @param maxPerReplica the most GPUs one replica may ask for
     */
    public record Gpus(List<String> allowedTypes, Integer maxPerReplica) {}

    /**
     * @param allowed the only arguments allowed (empty: any not denied)
     * @param denied  arguments never allowed
     */
    public record RuntimeArgs(List<String> allowed, List<String> denied) {}
}
