package io.sextant.spec.api;

import java.util.List;

/** A public model alias spread by weight over ModelDeployments of one backend. */
public record InferenceRoute(Metadata metadata, Spec spec) implements Resource {

    @Override
    public Kind kind() {
        return Kind.INFERENCE_ROUTE;
    }

    /** Every target deployment. */
    @Override
    public List<ResourceKey> dependsOn() {
        return spec.targets().stream()
                .map(t -> new ResourceKey(Kind.MODEL_DEPLOYMENT, metadata.namespace(), t.deployment()))
                .distinct()
                .toList();
    }

    public record Spec(String modelName, List<Target> targets) {
        public Spec {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    public record Target(String deployment, int weight) {}
}
