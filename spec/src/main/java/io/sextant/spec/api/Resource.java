package io.sextant.spec.api;

import java.util.List;

/** A Sextant resource as written in Git. */
public sealed interface Resource permits ModelDeployment, LoraAdapter, InferenceRoute {

    Metadata metadata();

    Kind kind();

    /** Resources that must be applied before this one (explicit and implied, such as an adapter's deployment). */
    List<ResourceKey> dependsOn();

    default ResourceKey key() {
        return new ResourceKey(kind(), metadata().namespace(), metadata().name());
    }
}
