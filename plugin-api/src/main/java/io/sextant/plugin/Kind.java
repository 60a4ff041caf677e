package io.sextant.plugin;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity of a kind, such as {@code ModelDeployment}: an open value, not an enum, because plugins
 * add kinds. What a kind means lives in its {@link KindDefinition}; ask the engine's registry of kinds,
 * never switch on names.
 *
 * @param name the {@code kind:} value of YAML and of the HTTP API
 */
public record Kind(String name) {

    private static final Pattern NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,62}");

    public Kind {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a kind is an upper camel case word such as ModelDeployment, got '"
                    + name + "'");
        }
    }

    /** The kind named {@code name}; whether any definition serves it is the registry's question. */
    public static Kind of(String name) {
        return new Kind(name);
    }

    /** The name used in YAML {@code kind:} and in the HTTP API (the same as {@link #name()}). */
    public String apiName() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
