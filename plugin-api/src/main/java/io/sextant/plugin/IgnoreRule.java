package io.sextant.plugin;

import java.util.Objects;

/**
 * A field the diff leaves out: a JSON Pointer, for one kind and/or one backend type (null matches any).
 * A pointer ending in {@code /*} ignores every child of that object.
 */
public record IgnoreRule(Kind kind, String backendType, String pointer) {

    public IgnoreRule {
        Objects.requireNonNull(pointer, "pointer");
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("ignore rule pointer must start with '/': " + pointer);
        }
    }
}
