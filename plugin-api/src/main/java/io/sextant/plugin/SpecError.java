package io.sextant.plugin;

/**
 * A problem with a spec, located as precisely as the input allows.
 *
 * @param file     path of the file in the repository
 * @param line     1-based line, or 0 when unknown
 * @param field    dotted field path such as {@code spec.resources.gpu.count}, or empty for the whole document
 * @param message  what is wrong, in words a user can act on
 * @param resource the resource the error belongs to, or null when the file could not be read as one
 * @param unresolved the resource this error's field refers to when the error is that nothing defines it,
 *                 else null; while a file fails to load such an error may be that file's consequence
 *                 (see the spec module's {@code LoadFailures})
 */
public record SpecError(String file, int line, String field, String message, ResourceKey resource,
                        ResourceKey unresolved) {

    public SpecError {
        field = field == null ? "" : field;
    }

    /** An error that is not about a missing reference. */
    public SpecError(String file, int line, String field, String message, ResourceKey resource) {
        this(file, line, field, message, resource, null);
    }

    /** {@code file:line: field: message}, the form editors and CI logs understand. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(file);
        if (line > 0) {
            text.append(':').append(line);
        }
        text.append(": ");
        if (!field.isEmpty()) {
            text.append(field).append(": ");
        }
        return text.append(message).toString();
    }
}
