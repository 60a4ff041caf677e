package io.sextant.plugin;

import java.util.Objects;

/**
 * The backend a resource names itself.
 *
 * @param field dotted path of the field naming it, such as {@code spec.backend}, for errors
 * @param name  the backend name from engine configuration
 */
public record BackendName(String field, String name) {

    public BackendName {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(name, "name");
    }
}
