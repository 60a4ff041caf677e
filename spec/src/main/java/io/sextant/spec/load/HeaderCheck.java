package io.sextant.spec.load;

import io.sextant.plugin.Kind;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a document is a Sextant resource at all, of which kind and apiVersion, before any schema
 * applies; the kinds and their versions are the registry's.
 *
 * <p>Done by hand rather than by schema so a wrong {@code kind} gets one clear sentence instead of the
 * errors of every schema it does not match.
 */
final class HeaderCheck {

    /** A document's kind definition and the served apiVersion it is written in. */
    record Header(KindDefinition definition, String apiVersion) {}

    private final Kinds kinds;

    HeaderCheck(Kinds kinds) {
        this.kinds = kinds;
    }

    /** The document's header, or null after adding the problems that say why it has none. */
    Header check(TreeBuilder.Tree tree, int documentLine, List<Problem> problems) {
        JsonNode root = tree.json();
        if (!root.isObject()) {
            problems.add(new Problem(documentLine, "",
                    "not a Sextant resource (a document must be a mapping with apiVersion and kind)"));
            return null;
        }
        JsonNode apiVersion = root.get("apiVersion");
        JsonNode kind = root.get("kind");
        if (apiVersion == null && kind == null) {
            problems.add(new Problem(documentLine, "", "not a Sextant resource (no apiVersion or kind)"));
            return null;
        }
        Map<String, Integer> lines = tree.lines();
        KindDefinition definition = kind == null ? null : kinds.find(text(kind)).orElse(null);
        String versions = versions(definition);
        boolean ok = true;
        if (apiVersion == null) {
            problems.add(new Problem(documentLine, "apiVersion", "is required (expected " + versions + ")"));
            ok = false;
        } else if (!served(definition).contains(text(apiVersion))) {
            problems.add(new Problem(lines.getOrDefault("apiVersion", documentLine), "apiVersion",
                    "unsupported apiVersion '" + text(apiVersion) + "' (expected " + versions + ")"));
            ok = false;
        }
        if (kind == null) {
            problems.add(new Problem(documentLine, "kind", "is required (expected " + kinds.expected() + ")"));
            return null;
        }
        if (definition == null) {
            problems.add(new Problem(lines.getOrDefault("kind", documentLine), "kind",
                    "unknown kind '" + text(kind) + "' (expected " + kinds.expected() + ")"));
        }
        return ok && definition != null ? new Header(definition, text(apiVersion)) : null;
    }

    /** The identity the document claims, if it names one, so even its errors can point at a resource. */
    ResourceKey claimedKey(JsonNode root) {
        Optional<KindDefinition> definition = kinds.find(text(root.path("kind")));
        JsonNode name = root.path("metadata").path("name");
        JsonNode namespace = root.path("metadata").path("namespace");
        if (definition.isEmpty() || !name.isString() || name.asString().isBlank()) {
            return null;
        }
        String ns = namespace.isString() && !namespace.asString().isBlank() ? namespace.asString() : Metadata.DEFAULT_NAMESPACE;
        return new ResourceKey(Kind.of(definition.get().kind()), ns, name.asString());
    }

    /** The versions of a known kind, or of every kind when the kind is not known. */
    private Set<String> served(KindDefinition definition) {
        Set<String> versions = new LinkedHashSet<>();
        if (definition != null) {
            versions.addAll(definition.apiVersions());
        } else {
            kinds.definitions().forEach(each -> versions.addAll(each.apiVersions()));
        }
        return versions;
    }

    private String versions(KindDefinition definition) {
        return String.join(" or ", served(definition));
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.toString();
    }
}
