package io.sextant.spec.kinds;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import java.util.List;

/** A LoRA adapter loaded onto a ModelDeployment in the same namespace. */
public record LoraAdapter(Metadata metadata, Spec spec) implements Resource {

    /** The kind, defined by {@code io.sextant.spec.kinds.BuiltInKinds}. */
    public static final Kind KIND = Kind.of("LoraAdapter");

    @Override
    public Kind kind() {
        return KIND;
    }

    /** {@code credentials} (null when public) is the token the adapter's {@code uri} is read with. */
    public record Spec(String deployment, String uri, List<ResourceKey> dependsOn, SecretRef credentials) {
        public Spec {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }

        /** An adapter read without credentials. */
        public Spec(String deployment, String uri, List<ResourceKey> dependsOn) {
            this(deployment, uri, dependsOn, null);
        }
    }
}
