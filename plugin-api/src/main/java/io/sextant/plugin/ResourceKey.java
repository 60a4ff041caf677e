package io.sextant.plugin;

import java.util.Comparator;
import java.util.Objects;

/**
 * Identity of a resource: (kind, namespace, name). Its natural order is by kind name, namespace and
 * name, which is stable but not an apply order: plans order by the kinds' {@link KindDefinition#applyOrder()}.
 */
public record ResourceKey(Kind kind, String namespace, String name) implements Comparable<ResourceKey> {

    private static final Comparator<ResourceKey> ORDER = Comparator.comparing((ResourceKey k) -> k.kind().name())
            .thenComparing(ResourceKey::namespace)
            .thenComparing(ResourceKey::name);

    public ResourceKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Parses {@code Kind/namespace/name}, or {@code Kind/name} relative to {@code defaultNamespace}. Only the
     * shape is checked: whether the kind exists is for the registry of kinds to say.
     *
     * @throws IllegalArgumentException when the text is not such a reference
     */
    public static ResourceKey parse(String text, String defaultNamespace) {
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("expected Kind/namespace/name or Kind/name, got '" + text + "'");
        }
        Kind kind;
        try {
            kind = Kind.of(parts[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown kind '" + parts[0] + "' in '" + text + "'", e);
        }
        return parts.length == 3
                ? new ResourceKey(kind, parts[1], parts[2])
                : new ResourceKey(kind, defaultNamespace, parts[1]);
    }

    @Override
    public int compareTo(ResourceKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return kind.name() + "/" + namespace + "/" + name;
    }
}
