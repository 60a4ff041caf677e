package io.sextant.spec.validate;

import io.sextant.spec.api.Kind;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents under validation, in a stable order (file, then line), indexed by identity.
 *
 * <p>When an identity is defined twice, the first in that order is the one other rules look at; the
 * duplicate itself is reported by {@link UniqueIdentity}.
 */
final class DocumentSet {

    private final List<SpecDocument> all;
    private final Map<ResourceKey, SpecDocument> byKey = new LinkedHashMap<>();

    DocumentSet(Collection<SpecDocument> documents) {
        all = documents.stream()
                .sorted(Comparator.comparing(SpecDocument::file).thenComparingInt(SpecDocument::line))
                .toList();
        all.forEach(document -> byKey.putIfAbsent(document.key(), document));
    }

    /** Every document, duplicates included. */
    List<SpecDocument> all() {
        return all;
    }

    /** One document per identity. */
    Collection<SpecDocument> unique() {
        return byKey.values();
    }

    SpecDocument get(ResourceKey key) {
        return byKey.get(key);
    }

    /** The ModelDeployment {@code name} in {@code namespace}, or null. */
    ModelDeployment deployment(String namespace, String name) {
        SpecDocument document = byKey.get(new ResourceKey(Kind.MODEL_DEPLOYMENT, namespace, name));
        return document == null ? null : (ModelDeployment) document.resource();
    }

    /** Documents of one resource type, for rules about a single kind. */
    <T> List<Typed<T>> of(Class<T> type) {
        return byKey.values().stream()
                .filter(document -> type.isInstance(document.resource()))
                .map(document -> new Typed<>(document, type.cast(document.resource())))
                .toList();
    }

    /** A document with its resource already cast to the type a rule works on. */
    record Typed<T>(SpecDocument document, T resource) {}
}
