package io.sextant.plugin;

import java.util.List;
import java.util.Optional;

/**
 * How one backend type serves one kind that its applier does not know itself, such as a plugin kind on
 * {@code sim}. The backend's applier hands every call about resources of {@link #kind()} to this, with a
 * {@link BackendContext} naming the backend and offering its facets. Implementations are thread-safe,
 * and every write is idempotent, as an applier's.
 */
public interface KindSupport {

    /** The backend {@code type} of engine configuration, such as {@code sim}. */
    String backendType();

    /** The kind served, as {@link KindDefinition#kind()}. */
    String kind();

    /**
     * What keeps {@code backend} from serving {@code resource} (empty when it can), checked before any plan
     * and reported as validation errors at the fields named.
     */
    default List<Unsupported> check(Resource resource, BackendContext backend) {
        return List.of();
    }

    /** Live state of one resource, or empty when the backend does not hold it. */
    Optional<ObservedResource> observe(ResourceKey key, BackendContext backend) throws BackendException;

    /** Every resource of this kind the backend holds. */
    List<ObservedResource> observeAll(BackendContext backend) throws BackendException;

    /** Makes the live resource match {@code desired} and returns its live state afterwards. */
    ObservedResource apply(DesiredResource desired, BackendContext backend) throws BackendException;

    /** Removes the resource; deleting an absent resource is not an error. */
    void delete(ResourceKey key, BackendContext backend) throws BackendException;
}
