package io.sextant.plugin;

/** What {@link KindDefinition#bind} may ask while building a resource. */
public interface BindContext {

    /**
     * Parses a {@code Kind/namespace/name} or {@code Kind/name} reference written in {@code field},
     * relative to the resource's namespace; returns null after reporting the problem when the text is
     * malformed or its kind is unknown.
     */
    ResourceKey reference(String field, String text);

    /** Reports a problem of {@code field} (dotted path); the document is then refused with it, at its line. */
    void problem(String field, String message);
}
