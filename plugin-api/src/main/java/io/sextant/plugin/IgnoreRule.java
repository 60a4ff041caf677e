package io.sextant.plugin;

import java.util.Objects;

/**
 * A field the diff leaves out once the resource is live: a JSON Pointer, for one kind and/or one backend
 * type (null matches any), optionally only while the desired manifest sets another field (the autoscaler
 * owns a deployment's {@code /spec/replicas} only while {@code /spec/autoscaling} is set). A pointer ending
 * in {@code /*} ignores every child of that object.
 *
 * @param whenSet a JSON Pointer into the desired manifest that must hold a non-empty value for the rule to
 *                apply, or null for always
 */
public record IgnoreRule(Kind kind, String backendType, String pointer, String whenSet) {

    public IgnoreRule {
        Objects.requireNonNull(pointer, "pointer");
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("ignore rule pointer must start with '/': " + pointer);
        }
        if (whenSet != null && !whenSet.startsWith("/")) {
            throw new IllegalArgumentException("ignore rule condition must be a pointer starting with '/': " + whenSet);
        }
    }

    /** A rule that always applies to its kind and backend type. */
    public IgnoreRule(Kind kind, String backendType, String pointer) {
        this(kind, backendType, pointer, null);
    }
}
