package io.sextant.appliers.api;

import io.sextant.spec.api.Resource;
import io.sextant.spec.api.ResourceKey;
import java.util.List;
import java.util.Optional;

/**
 * Drives one runtime backend through its own API. Implementations are thread-safe; every write is
 * idempotent (applying what is already live makes no change).
 */
public interface Applier extends AutoCloseable {

    /** The backend's name from engine configuration. */
    String name();

    /** The applier type, such as {@code sim}. */
    String type();

    /** Live state of one resource, or empty when the backend does not hold it. */
    Optional<ObservedResource> observe(ResourceKey key) throws BackendException;

    /** Every resource this backend holds that Sextant manages. */
    List<ObservedResource> observeAll() throws BackendException;

    /** Makes the live resource match {@code desired} and returns its live state afterwards. */
    ObservedResource apply(DesiredResource desired) throws BackendException;

    /** Removes the resource; deleting an absent resource is not an error. */
    void delete(ResourceKey key) throws BackendException;

    /**
     * What keeps this backend from serving {@code resource} (empty when it can), checked before any
     * plan: specs stay backend-neutral, and a spec a backend cannot serve is a validation error.
     */
    default List<Unsupported> check(Resource resource) {
        return List.of();
    }

    /** GPUs by type, or {@link GpuCapacity#unknown()}. */
    GpuCapacity capacity() throws BackendException;

    @Override
    default void close() {
    }
}
