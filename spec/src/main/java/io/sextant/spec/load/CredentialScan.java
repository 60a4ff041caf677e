package io.sextant.spec.load;

import io.sextant.plugin.SpecError;
import io.sextant.spec.api.Credentials;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Refuses literal credentials in a spec file: in every string value and key of a document (at its line and
 * field), and on any other line of the text (a comment, a document that did not parse), so that no path lets
 * one into Git unnoticed. Errors name the rule and the masked value, never the value.
 */
final class CredentialScan {

    private CredentialScan() {
    }

    /** Adds a problem for each string value or key of {@code tree} that holds a credential. */
    static void tree(TreeBuilder.Tree tree, int documentLine, List<Problem> problems) {
        walk(tree.json(), "", "", tree.lines(), documentLine, problems);
    }

    private static void walk(JsonNode node, String path, String key, Map<String, Integer> lines, int documentLine,
                             List<Problem> problems) {
        if (node.isString()) {
            // A secretRef's name and key are names of secrets, not secrets: only the fixed shapes apply there.
            boolean reference = path.contains("secretRef.");
            (reference ? Credentials.find(node.asString()) : Credentials.find(key, node.asString())).ifPresent(found ->
                    problems.add(new Problem(lines.getOrDefault(path, documentLine), path, found.message())));
        } else if (node.isObject()) {
            node.forEachEntry((name, value) -> {
                String field = path.isEmpty() ? name : path + "." + name;
                Credentials.find(name).ifPresentOrElse(
                        found -> problems.add(new Problem(lines.getOrDefault(field, documentLine), path, found.message())),
                        () -> walk(value, field, name, lines, documentLine, problems));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", key, lines, documentLine, problems);
            }
        }
    }

    /**
     * Errors for lines of {@code text} holding a credential of a kind that no error of {@code reported} names yet
     * (a value spanning lines, such as a key block, was already reported at its field).
     */
    static List<SpecError> text(String file, String text, List<SpecError> reported) {
        Set<String> messages = new HashSet<>();
        reported.forEach(error -> messages.add(error.message()));
        String[] split = text.split("\n", -1);
        List<SpecError> found = new ArrayList<>();
        for (int i = 0; i < split.length; i++) {
            int line = i + 1;
            Credentials.find(split[i]).filter(finding -> messages.add(finding.message())).ifPresent(finding ->
                    found.add(new Problem(line, "", finding.message()).toError(file, null)));
        }
        return found;
    }

    /** {@code error} with any credential in its field or message masked. */
    static SpecError redacted(SpecError error) {
        String field = Credentials.redact(error.field());
        String message = Credentials.redact(error.message());
        return field.equals(error.field()) && message.equals(error.message()) ? error
                : new SpecError(error.file(), error.line(), field, message, error.resource(), error.unresolved());
    }
}
