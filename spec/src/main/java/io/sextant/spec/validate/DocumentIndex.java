package io.sextant.spec.validate;

import io.sextant.plugin.Reference;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every document of a commit, indexed for the lookups the rules make, and kept up to date document by
 * document so that validating the next commit costs what its change costs.
 *
 * <p>When an identity is defined twice, the first by (file, line) is the canonical one other rules look
 * at; {@link UniqueIdentity} reports the others. Besides identity it indexes who refers to whom (each
 * kind's {@link io.sextant.plugin.KindDefinition#references references}) and each namespace's resources,
 * which is what tells a change's reach. Not thread-safe: one validation session owns it.
 */
final class DocumentIndex {

    static final Comparator<SpecDocument> ORDER =
            Comparator.comparing(SpecDocument::file).thenComparingInt(SpecDocument::line);

    private final Map<ResourceKey, List<SpecDocument>> byKey = new HashMap<>();
    private final Map<ResourceKey, Set<ResourceKey>> referrers = new HashMap<>();
    private final Map<String, Set<ResourceKey>> byNamespace = new HashMap<>();
    private final Kinds kinds;

    DocumentIndex(Kinds kinds) {
        this.kinds = kinds;
    }

    Kinds kinds() {
        return kinds;
    }

    /** What {@code document}'s resource refers to, in field order. */
    List<Reference> references(SpecDocument document) {
        return kinds.references(document.resource());
    }

    /** Adds {@code document}; returns its key, whose canonical document may have changed. */
    ResourceKey add(SpecDocument document) {
        ResourceKey key = document.key();
        SpecDocument before = canonical(key);
        List<SpecDocument> versions = byKey.computeIfAbsent(key, k -> new ArrayList<>(1));
        int at = 0;
        while (at < versions.size() && ORDER.compare(versions.get(at), document) <= 0) {
            at++;
        }
        versions.add(at, document);
        reindex(key, before);
        return key;
    }

    /** Removes {@code document} (the same instance that was added); returns its key. */
    ResourceKey remove(SpecDocument document) {
        ResourceKey key = document.key();
        List<SpecDocument> versions = byKey.get(key);
        if (versions == null) {
            return key;
        }
        SpecDocument before = versions.get(0);
        versions.removeIf(each -> each == document);
        if (versions.isEmpty()) {
            byKey.remove(key);
        }
        reindex(key, before);
        return key;
    }

    /** The canonical document of {@code key}, or null. */
    SpecDocument canonical(ResourceKey key) {
        List<SpecDocument> versions = byKey.get(key);
        return versions == null ? null : versions.get(0);
    }

    /** Every document defining {@code key}, canonical first. */
    List<SpecDocument> versions(ResourceKey key) {
        return byKey.getOrDefault(key, List.of());
    }

    Set<ResourceKey> keys() {
        return byKey.keySet();
    }

    /** Identities whose canonical document refers to {@code target} (whether or not it exists). */
    Set<ResourceKey> referrers(ResourceKey target) {
        return referrers.getOrDefault(target, Set.of());
    }

    /** The identities of the resources of {@code namespace}. */
    Set<ResourceKey> resourcesIn(String namespace) {
        return byNamespace.getOrDefault(namespace, Set.of());
    }

    private void reindex(ResourceKey key, SpecDocument before) {
        SpecDocument after = canonical(key);
        if (before == after) {
            return;
        }
        if (before != null) {
            for (Reference edge : references(before)) {
                Set<ResourceKey> from = referrers.get(edge.target());
                if (from != null && from.remove(key) && from.isEmpty()) {
                    referrers.remove(edge.target());
                }
            }
        }
        if (after != null) {
            for (Reference edge : references(after)) {
                referrers.computeIfAbsent(edge.target(), t -> new HashSet<>(2)).add(key);
            }
        }
        Set<ResourceKey> inNamespace = byNamespace.computeIfAbsent(key.namespace(), ns -> new HashSet<>());
        if (after == null) {
            inNamespace.remove(key);
        } else {
            inNamespace.add(key);
        }
    }
}
