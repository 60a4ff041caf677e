package io.sextant.engine.reconcile;

import io.sextant.spec.api.InferenceRoute;
import io.sextant.spec.api.Kind;
import io.sextant.spec.api.LoraAdapter;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.Resource;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import java.util.Map;
import java.util.function.Function;

/**
 * Which backend a resource lives on: a deployment names it; adapters and routes live on the backend
 * of the deployment(s) they reference.
 */
final class Backends {

    private Backends() {
    }

    /** The backend, or null when the referenced deployment is not in the desired set. */
    static String of(Resource resource, Map<ResourceKey, SpecDocument> desired) {
        return of(resource, (Function<ResourceKey, SpecDocument>) desired::get);
    }

    /** The backend, or null when the referenced deployment is not among {@code desired} resources. */
    static String of(Resource resource, Function<ResourceKey, SpecDocument> desired) {
        // Java 17: no pattern matching for switch yet.
        if (resource instanceof ModelDeployment deployment) {
            return deployment.spec().backend();
        }
        if (resource instanceof LoraAdapter adapter) {
            return deploymentBackend(resource.metadata().namespace(), adapter.spec().deployment(), desired);
        }
        InferenceRoute route = (InferenceRoute) resource;
        return route.spec().targets().isEmpty() ? null
                : deploymentBackend(resource.metadata().namespace(), route.spec().targets().get(0).deployment(), desired);
    }

    private static String deploymentBackend(String namespace, String name, Function<ResourceKey, SpecDocument> desired) {
        SpecDocument doc = desired.apply(new ResourceKey(Kind.MODEL_DEPLOYMENT, namespace, name));
        return doc != null && doc.resource() instanceof ModelDeployment deployment ? deployment.spec().backend() : null;
    }
}
