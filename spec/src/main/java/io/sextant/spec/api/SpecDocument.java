package io.sextant.spec.api;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Resource;
import io.sextant.plugin.SpecError;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One valid-by-schema resource document loaded from Git.
 *
 * @param resource   the typed resource
 * @param manifest   the normalised desired document ({@code apiVersion, kind, metadata{name,namespace,labels}, spec}),
 *                   with defaults filled in; this is what is diffed against live state
 * @param file       repository path of the file holding it
 * @param line       line of the document's start
 * @param fieldLines line of each field, keyed by dotted path ({@code spec.replicas}), for error messages
 */
public record SpecDocument(Resource resource, JsonNode manifest, String file, int line,
                           Map<String, Integer> fieldLines) {

    public SpecDocument {
        fieldLines = fieldLines == null ? Map.of() : Map.copyOf(fieldLines);
    }

    public ResourceKey key() {
        return resource.key();
    }

    /** Line of {@code field}, or of the closest enclosing field, or of the document. */
    public int lineOf(String field) {
        String path = field;
        while (!path.isEmpty()) {
            Integer found = fieldLines.get(path);
            if (found != null) {
                return found;
            }
            int dot = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = dot < 0 ? "" : path.substring(0, dot);
        }
        return line;
    }

    /** An error about {@code field} of this document. */
    public SpecError error(String field, String message) {
        return new SpecError(file, lineOf(field), field, message, key());
    }

    /** An error about {@code field} of this document, which refers to {@code target} that nothing defines. */
    public SpecError unresolved(String field, ResourceKey target, String message) {
        return new SpecError(file, lineOf(field), field, message, key(), target);
    }
}
