package io.sextant.spec.load;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the typed record of a document that passed its schema: converts it to its kind's stored version,
 * then asks the kind's definition to bind it.
 *
 * <p>Runs only after schema validation, so shapes and types are known to be right; what is left to
 * check here is what a schema cannot say, such as a {@code dependsOn} naming a kind nothing defines.
 */
final class ResourceBinder {

    private ResourceBinder() {}

    static Resource bind(Kinds kinds, HeaderCheck.Header header, TreeBuilder.Tree tree, int documentLine,
                         List<Problem> problems) {
        KindDefinition definition = header.definition();
        JsonNode root = tree.json();
        if (!header.apiVersion().equals(definition.storedVersion())) {
            root = definition.convert(header.apiVersion(), ((ObjectNode) root).deepCopy());
        }
        Metadata metadata = metadata(root.path("metadata"));
        Resource resource = definition.bind(metadata, root.path("spec"), new Context(kinds, metadata, tree, documentLine, problems));
        if (!definition.type().isInstance(resource) || !resource.kind().name().equals(definition.kind())) {
            throw new IllegalStateException("kind '" + definition.kind() + "' bound a " + resource.getClass().getName()
                    + " of kind " + resource.kind() + ", not its " + definition.type().getName());
        }
        return resource;
    }

    private static Metadata metadata(JsonNode node) {
        String namespace = node.has("namespace") ? node.path("namespace").asString() : null;
        Map<String, String> labels = new LinkedHashMap<>();
        node.path("labels").forEachEntry((name, value) -> labels.put(name, value.asString()));
        return new Metadata(node.path("name").asString(), namespace, labels);
    }

    /** Problems land at their field's line; references must name a served kind. */
    private record Context(Kinds kinds, Metadata metadata, TreeBuilder.Tree tree, int documentLine,
                           List<Problem> problems) implements BindContext {

        @Override
        public ResourceKey reference(String field, String text) {
            try {
                ResourceKey key = ResourceKey.parse(text, metadata.namespace());
                if (!kinds.knows(key.kind())) {
                    problem(field, "unknown kind '" + key.kind() + "' in '" + text + "'");
                    return null;
                }
                return key;
            } catch (IllegalArgumentException e) {
                problem(field, e.getMessage());
                return null;
            }
        }

        @Override
        public void problem(String field, String message) {
            problems.add(new Problem(SchemaMessages.lineOf(tree.lines(), field, documentLine), field, message));
        }
    }
}
