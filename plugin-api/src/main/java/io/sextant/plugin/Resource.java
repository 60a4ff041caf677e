package io.sextant.plugin;

/**
 * A Sextant resource as written in Git, bound by its kind's {@link KindDefinition#bind}. Each kind has its
 * own record; everything else about it (references, backend, display) is asked of the definition.
 */
public interface Resource {

    Metadata metadata();

    Kind kind();

    default ResourceKey key() {
        return new ResourceKey(kind(), metadata().namespace(), metadata().name());
    }
}
