package io.sextant.spec.load;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import java.util.TreeMap;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the normalised manifest of a resource: the desired document that diffs compare with live state.
 *
 * <p>Built from the typed record rather than copied from the YAML, so two spellings of the same intent
 * (a default left out or written, {@code env: {}} or no env, keys in another order) give equal manifests.
 * The envelope is the same for every kind; the spec is the kind definition's
 * ({@link KindDefinition#spec}). The shape is documented on {@link io.sextant.spec.SpecLoader}.
 */
final class Manifests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Manifests() {}

    static ObjectNode of(KindDefinition definition, Resource resource) {
        ObjectNode manifest = JSON.objectNode();
        manifest.put("apiVersion", definition.storedVersion());
        manifest.put("kind", definition.kind());
        manifest.set("metadata", metadata(resource.metadata()));
        manifest.set("spec", definition.spec(resource));
        return manifest;
    }

    private static ObjectNode metadata(Metadata metadata) {
        ObjectNode node = JSON.objectNode().put("name", metadata.name()).put("namespace", metadata.namespace());
        if (!metadata.labels().isEmpty()) {
            ObjectNode labels = node.putObject("labels");
            new TreeMap<>(metadata.labels()).forEach(labels::put);
        }
        return node;
    }
}
