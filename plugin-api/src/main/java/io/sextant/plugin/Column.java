package io.sextant.plugin;

import java.util.Objects;

/**
 * A column of a kind in the dashboard's resource table.
 *
 * @param title   the heading, such as {@code Replicas}
 * @param pointer a JSON Pointer into the normalised manifest, such as {@code /spec/replicas}; a missing
 *                field shows empty
 */
public record Column(String title, String pointer) {

    public Column {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(pointer, "pointer");
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("column pointer must start with '/': " + pointer);
        }
    }
}
