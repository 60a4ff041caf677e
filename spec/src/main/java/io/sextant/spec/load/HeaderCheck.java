package io.sextant.spec.load;

import io.sextant.spec.api.Kind;
import io.sextant.spec.api.Metadata;
import io.sextant.spec.api.ResourceKey;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Decides whether a document is a Sextant resource at all, and of which kind, before any schema applies.
 *
 * <p>Done by hand rather than by schema so a wrong {@code kind} gets one clear sentence instead of the
 * errors of every schema it does not match.
 */
final class HeaderCheck {

    static final String EXPECTED_KINDS = "ModelDeployment, LoraAdapter or InferenceRoute";

    private HeaderCheck() {}

    /** The document's kind, or null after adding the problem that says why it has none. */
    static Kind kindOf(TreeBuilder.Tree tree, int documentLine, List<Problem> problems) {
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
        boolean ok = true;
        if (apiVersion == null) {
            problems.add(new Problem(documentLine, "apiVersion", "is required (expected " + Kind.API_VERSION + ")"));
            ok = false;
        } else if (!Kind.API_VERSION.equals(text(apiVersion))) {
            problems.add(new Problem(lines.getOrDefault("apiVersion", documentLine), "apiVersion",
                    "unsupported apiVersion '" + text(apiVersion) + "' (expected " + Kind.API_VERSION + ")"));
            ok = false;
        }
        if (kind == null) {
            problems.add(new Problem(documentLine, "kind", "is required (expected " + EXPECTED_KINDS + ")"));
            return null;
        }
        Kind known = Kind.fromApiName(text(kind)).orElse(null);
        if (known == null) {
            problems.add(new Problem(lines.getOrDefault("kind", documentLine), "kind",
                    "unknown kind '" + text(kind) + "' (expected " + EXPECTED_KINDS + ")"));
        }
        return ok ? known : null;
    }

    /** The identity the document claims, if it names one, so even its errors can point at a resource. */
    static ResourceKey claimedKey(JsonNode root) {
        Kind kind = Kind.fromApiName(text(root.path("kind"))).orElse(null);
        JsonNode name = root.path("metadata").path("name");
        JsonNode namespace = root.path("metadata").path("namespace");
        if (kind == null || !name.isString() || name.asString().isBlank()) {
            return null;
        }
        String ns = namespace.isString() && !namespace.asString().isBlank() ? namespace.asString() : Metadata.DEFAULT_NAMESPACE;
        return new ResourceKey(kind, ns, name.asString());
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : node.toString();
    }
}
