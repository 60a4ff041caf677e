package io.sextant.engine.kinds;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** How the API and dashboard show a resource of any kind: from its kind's definition, never its name. */
public final class KindDisplay {

    private KindDisplay() {
    }

    /**
     * The one-line summary of {@code key}'s resource from its desired manifest; empty when the kind is not
     * served (any more) or the resource has no manifest (it left Git).
     */
    public static String summary(Kinds kinds, ResourceKey key, JsonNode manifest) {
        Optional<KindDefinition> definition = kinds.find(key.kind().name());
        if (definition.isEmpty() || manifest == null || !manifest.isObject()) {
            return "";
        }
        try {
            String summary = definition.get().summary(manifest);
            return summary == null ? "" : summary;
        } catch (RuntimeException e) {
            // A plugin's summary must not break the resource list; the list still shows every status field.
            return "";
        }
    }
}
