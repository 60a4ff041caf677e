package io.sextant.engine.reconcile;

import io.sextant.plugin.Resource;
import io.sextant.spec.api.Kinds;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backend a resource lives on, as its kind's definition says: a deployment names it; adapters and
 * routes live on the backend of the deployment they reference ({@link Kinds#backendOf}).
 */
final class Backends {

    private Backends() {
    }

    /** The backend, or null when the referenced deployment is not in the desired set. */
    static String of(Kinds kinds, Resource resource, Map<ResourceKey, SpecDocument> desired) {
        return of(kinds, resource, (Function<ResourceKey, SpecDocument>) desired::get);
    }

    /** The backend, or null when the referenced deployment is not among {@code desired} resources. */
    static String of(Kinds kinds, Resource resource, Function<ResourceKey, SpecDocument> desired) {
        return kinds.backendOf(resource, key -> {
            SpecDocument doc = desired.apply(key);
            return doc == null ? null : doc.resource();
        });
    }
}
