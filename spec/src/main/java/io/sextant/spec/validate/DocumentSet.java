package io.sextant.spec.validate;

import io.sextant.plugin.Selection;
import io.sextant.plugin.Reference;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What one rule checks: the documents of some identities (its scope), in a stable order (file, then
 * line), with lookups over every document of the commit.
 *
 * <p>A rule reports errors only about documents it iterates ({@link #all}, {@link #unique});
 * {@link #get} sees the whole commit. A full validation's scope is every identity;
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
    /** What {@code document}'s resource refers to, in field order. */
    List<Reference> references(SpecDocument document) {
        return index.references(document);
    }

    /** Whether any document of the commit is of {@code selection}'s kind in {@code namespace} and matches it. */
    boolean selectsAny(Selection selection, String namespace) {
        for (ResourceKey key : index.resourcesIn(namespace)) {
            SpecDocument document = key.kind().equals(selection.kind()) ? index.canonical(key) : null;
            if (document != null && selection.selector().matches(document.resource().metadata().labels())) {
                return true;
            }
        }
        return false;
    }

    /** The registry of kinds the documents were loaded with. */
    Kinds kinds() {
        return index.kinds();
    }
}
