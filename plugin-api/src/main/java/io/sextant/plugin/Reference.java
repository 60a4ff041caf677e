package io.sextant.plugin;

import java.util.Objects;

/**
 * A resource one resource refers to: an edge of the dependency graph, applied before the referrer.
 *
 * @param field           dotted path of the field declaring it, such as {@code spec.deployment}, for errors
 * @param target          the resource referred to
 * @param inheritsBackend whether the referrer lives on the target's backend (an adapter on its deployment's);
 *                        the first such reference decides
 * @param byName          whether the field holds a bare name ("ModelDeployment 'x' not found in namespace
 *                        'y'" when missing) rather than a full {@code Kind/namespace/name} ("... does not exist")
 */
public record Reference(String field, ResourceKey target, boolean inheritsBackend, boolean byName) {

    public Reference {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(target, "target");
    }

    /** A field naming a resource of a known kind in the referrer's namespace. */
    public static Reference byName(String field, ResourceKey target) {
        return new Reference(field, target, false, true);
    }

    /** A field holding a full reference such as {@code dependsOn: [ModelDeployment/search/base]}. */
    public static Reference byKey(String field, ResourceKey target) {
        return new Reference(field, target, false, false);
    }

    /** This reference, also deciding the referrer's backend. */
    public Reference inheritingBackend() {
        return new Reference(field, target, true, byName);
    }

    /** What validation says when nothing defines the target. */
    public String missingMessage() {
        return byName
                ? target.kind().name() + " '" + target.name() + "' not found in namespace '" + target.namespace() + "'"
                : target + " does not exist";
    }
}
