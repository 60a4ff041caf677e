package io.sextant.appliers.http;

import io.sextant.appliers.api.Unsupported;
import io.sextant.spec.api.InferenceRoute;
import io.sextant.spec.api.LoraAdapter;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.Resource;
import java.util.List;
import java.util.Objects;

/**
 * What an HTTP backend can serve, kind by kind. A kind it cannot serve at all is {@link #refused}
 * with one problem on {@code kind}. Every message starts with the backend that refuses
 * ({@code backend 'ray-prod' (ray-serve)}), so a validation error names it.
 *
 * @param deployments checks a ModelDeployment's spec
 * @param adapters    checks a LoraAdapter
 * @param routes      checks an InferenceRoute
 */
public record ServingChecks(Check<ModelDeployment.Spec> deployments, Check<LoraAdapter> adapters,
        Check<InferenceRoute> routes) {

    /** Checks one resource of a kind; {@code who} names the backend, to start each message with. */
    @FunctionalInterface
    public interface Check<T> {
        List<Unsupported> check(String who, T resource);
    }

    public ServingChecks {
        Objects.requireNonNull(deployments, "deployments");
        Objects.requireNonNull(adapters, "adapters");
        Objects.requireNonNull(routes, "routes");
    }

    /** Refuses every resource of a kind, saying {@code why} after the backend's name. */
    public static <T> Check<T> refused(String why) {
        return (who, resource) -> List.of(new Unsupported("kind", who + " " + why));
    }

    /** What keeps backend {@code backend} of type {@code type} from serving {@code resource}; empty when it can. */
    public List<Unsupported> check(String backend, String type, Resource resource) {
        String who = "backend '" + backend + "' (" + type + ")";
        if (resource instanceof LoraAdapter adapter) {
            return adapters.check(who, adapter);
        }
        if (resource instanceof InferenceRoute route) {
            return routes.check(who, route);
        }
        return deployments.check(who, ((ModelDeployment) resource).spec());
    }
}
