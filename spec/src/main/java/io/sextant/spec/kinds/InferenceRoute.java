package io.sextant.spec.kinds;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.util.List;

/** A public model alias spread by weight over ModelDeployments of one backend. */
public record InferenceRoute(Metadata metadata, Spec spec) implements Resource {

    /** The kind, defined by {@code io.sextant.spec.kinds.BuiltInKinds}. */
    public static final Kind KIND = Kind.of("InferenceRoute");

    @Override
    public Kind kind() {
        return KIND;
    }

    public record Spec(String modelName, List<Target> targets) {
        public Spec {
            targets = targets == null ? List.of() : List.copyOf(targets);
        }
    }

    public record Target(String deployment, int weight) {}
}
