package io.sextant.spec.api;

import java.util.ArrayList;
import java.util.List;

/** A LoRA adapter loaded onto a ModelDeployment in the same namespace. */
public record LoraAdapter(Metadata metadata, Spec spec) implements Resource {

    @Override
    public Kind kind() {
        return Kind.LORA_ADAPTER;
    }

    /** The adapter's deployment first, then any explicit dependencies. */
    @Override
    public List<ResourceKey> dependsOn() {
        List<ResourceKey> all = new ArrayList<>();
        all.add(new ResourceKey(Kind.MODEL_DEPLOYMENT, metadata.namespace(), spec.deployment()));
        all.addAll(spec.dependsOn());
        return List.copyOf(all);
    }

    public record Spec(String deployment, String uri, List<ResourceKey> dependsOn) {
        public Spec {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }
    }
}
