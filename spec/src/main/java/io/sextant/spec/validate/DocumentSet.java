package io.sextant.spec.validate;

import io.sextant.spec.api.Kind;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one rule checks: the documents of some identities (its scope), in a stable order (file, then
 * line), with lookups over every document of the commit.
 *
 * <p>A rule reports errors only about documents it iterates ({@link #all}, {@link #unique}, {@link #of});
 * {@link #get} and {@link #deployment} see the whole commit. A full validation's scope is every identity;
 * an incremental one's is what the change can affect (see {@link Rule#scope}).
 */
final class DocumentSet {

    private final DocumentIndex index;
    private final Collection<ResourceKey> scope;
    private List<SpecDocument> unique;

    DocumentSet(DocumentIndex index, Collection<ResourceKey> scope) {
        this.index = index;
        this.scope = scope;
    }

    /** Every document of the scope, duplicates included, by file and line. */
    List<SpecDocument> all() {
        List<SpecDocument> all = new ArrayList<>(scope.size());
        scope.forEach(key -> all.addAll(index.versions(key)));
        all.sort(DocumentIndex.ORDER);
        return all;
    }

    /** One document per identity of the scope, by file and line. */
    List<SpecDocument> unique() {
        if (unique == null) {
            List<SpecDocument> canonical = new ArrayList<>(scope.size());
            scope.forEach(key -> {
                SpecDocument document = index.canonical(key);
                if (document != null) {
                    canonical.add(document);
                }
            });
            canonical.sort(DocumentIndex.ORDER);
            unique = canonical;
        }
        return unique;
    }

    /** The canonical document of {@code key} anywhere in the commit, or null. */
    SpecDocument get(ResourceKey key) {
        return index.canonical(key);
    }

    /** The ModelDeployment {@code name} in {@code namespace} anywhere in the commit, or null. */
    ModelDeployment deployment(String namespace, String name) {
        SpecDocument document = index.canonical(new ResourceKey(Kind.MODEL_DEPLOYMENT, namespace, name));
        return document == null ? null : (ModelDeployment) document.resource();
    }

    /** Documents of the scope of one resource type, for rules about a single kind. */
    <T> List<Typed<T>> of(Class<T> type) {
        return unique().stream()
                .filter(document -> type.isInstance(document.resource()))
                .map(document -> new Typed<>(document, type.cast(document.resource())))
                .toList();
    }

    /** A document with its resource already cast to the type a rule works on. */
    record Typed<T>(SpecDocument document, T resource) {}
}
