package io.sextant.appliers.api;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * Offered by an applier (as a {@link Applier#facet}) that can list every object of its backend carrying
 * Sextant's management label, so the engine can find orphans: objects Sextant made whose resource is no
 * longer in Git. {@link Applier#observeAll()} answers in Sextant resources and so cannot show a lone object
 * (a Service left without its Deployment) or whose installation made an object.
 */
public interface ManagedObjects {

    /**
     * The top-level objects that carry the management label and were made by this Sextant installation
     * (the backend's {@code instance} setting; objects of another installation sharing the namespace are left
     * out). One list request per kind of object.
     */
    List<ManagedObject> listManaged() throws BackendException;

    /**
     * One live object.
     *
     * @param apiVersion the backend's apiVersion, such as {@code apps/v1}
     * @param kind       the backend's kind, such as {@code Deployment}
     * @param namespace  where it lives in the backend
     * @param name       its name in the backend
     * @param resource   the Sextant resource its labels (or recorded manifest) name
     * @param source     the source its {@code sextant.io/source} annotation names, or null (made before
     *                   Sextant recorded it, or applied without a source)
     */
    record ManagedObject(String apiVersion, String kind, String namespace, String name, ResourceKey resource,
                         String source) {
        public ManagedObject {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(resource, "resource");
        }
    }
}
