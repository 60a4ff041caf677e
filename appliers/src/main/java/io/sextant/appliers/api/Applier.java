package io.sextant.appliers.api;

import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Unsupported;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Kind;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drives one runtime backend through its own API. Implementations are thread-safe; every write is
 * idempotent (applying what is already live makes no change).
 */
public interface Applier extends AutoCloseable {

    /** The backend's name from engine configuration. */
    String name();

    /** The applier type, such as {@code sim}. */
    String type();

    /**
     * The kinds this backend serves. A resource of another kind on this backend is a validation error at
     * its file and line ({@link Appliers#check}), never a call to {@link #apply}; a plugin serves its kinds
     * on a backend type through a {@link io.sextant.plugin.KindSupport} ({@link KindRouter}).
     */
    Set<Kind> kinds();

    /**
     * A typed service this backend offers to the {@link io.sextant.plugin.KindSupport}s of its type, such as
     * the sim's disk per node; empty by default.
     */
    default <T> Optional<T> facet(Class<T> type) {
        return Optional.empty();
    }

    /** Live state of one resource, or empty when the backend does not hold it. */
    Optional<ObservedResource> observe(ResourceKey key) throws BackendException;

    /** Every resource this backend holds that Sextant manages. */
    List<ObservedResource> observeAll() throws BackendException;

    /** Makes the live resource match {@code desired} and returns its live state afterwards. */
    ObservedResource apply(DesiredResource desired) throws BackendException;

    /** Removes the resource; deleting an absent resource is not an error. */
    void delete(ResourceKey key) throws BackendException;

    /**
     * What keeps this backend from serving {@code resource} of one of its {@link #kinds()} (empty when it
     * can), checked before any plan: specs stay backend-neutral, and a spec a backend cannot serve is a
     * validation error. Callers use {@link Appliers#check}, which refuses other kinds first.
     */
    default List<Unsupported> check(Resource resource) {
        return List.of();
    }

    /**
     * Asks to be told, promptly, when the live state of a resource this backend holds changes behind
     * Sextant's back (a person's edit, another controller), so the engine can check it for drift at once
     * instead of at its next periodic scan. Only appliers with a change feed (the {@code kubernetes}
     * backend's watches) call {@code changed}; the default never does, and the periodic drift scan stays
     * the check of record either way. {@code changed} is called on the backend's own threads and must
     * return quickly; a call for a resource that turns out unchanged is harmless.
     */
    default void watch(Consumer<ResourceKey> changed) {
    }

    /** GPUs by type, or {@link GpuCapacity#unknown()}. */
    GpuCapacity capacity() throws BackendException;

    @Override
    default void close() {
    }
}
