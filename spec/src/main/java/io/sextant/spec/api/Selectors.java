package io.sextant.spec.api;

import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Selection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Resolves what documents select by label ({@link KindDefinition#selections}) against the other documents
 * of their commit, so that references, backends, rules, plans and appliers all see resolved resources
 * ({@link KindDefinition#resolve}) and a manifest whose spec says what the selectors matched.
 *
 * <p>Selections are namespaced, so a change can only alter the resolution of selecting documents of the
 * namespaces it touches: the engine re-resolves those after each commit, and a document whose resolution
 * changed (a deployment gained the label a route selects) is then a changed document like an edited one,
 * validated and planned again. Immutable and thread-safe.
 */
public final class Selectors {

    private final Kinds kinds;

    public Selectors(Kinds kinds) {
        this.kinds = Objects.requireNonNull(kinds, "kinds");
    }

    /** {@code documents} in the same order, those that select resolved against all of them. */
    public List<SpecDocument> resolveAll(Collection<SpecDocument> documents) {
        Map<SpecDocument, SpecDocument> changed = resolve(documents, namespace -> true);
        return documents.stream().map(document -> changed.getOrDefault(document, document)).toList();
    }

    /**
     * The selecting documents of the namespaces {@code namespaces} accepts whose resolution against
     * {@code documents} differs from what they hold: each (the same instance) to its resolved replacement.
     */
    public Map<SpecDocument, SpecDocument> resolve(Collection<SpecDocument> documents, Predicate<String> namespaces) {
        List<SpecDocument> selecting = new ArrayList<>();
        for (SpecDocument document : documents) {
            if (namespaces.test(document.key().namespace()) && !selections(document).isEmpty()) {
                selecting.add(document);
            }
        }
        // By identity: the engine swaps these very instances, and two equal documents are still two.
        Map<SpecDocument, SpecDocument> changed = new IdentityHashMap<>();
        if (selecting.isEmpty()) {
            return changed;
        }
        Map<String, List<SpecDocument>> candidates = new HashMap<>(); // by kind and namespace
        for (SpecDocument document : documents) {
            if (namespaces.test(document.key().namespace())) {
                candidates.computeIfAbsent(group(document.key()), g -> new ArrayList<>()).add(document);
            }
        }
        for (SpecDocument document : selecting) {
            List<List<ResourceKey>> matched = new ArrayList<>();
            for (Selection selection : selections(document)) {
                TreeSet<ResourceKey> keys = new TreeSet<>();
                ResourceKey like = new ResourceKey(selection.kind(), document.key().namespace(), document.key().name());
                for (SpecDocument candidate : candidates.getOrDefault(group(like), List.of())) {
                    if (selection.selector().matches(candidate.resource().metadata().labels())) {
                        keys.add(candidate.key());
                    }
                }
                matched.add(List.copyOf(keys));
            }
            KindDefinition definition = kinds.definition(document.key().kind());
            Resource resolved = definition.resolve(document.resource(), matched);
            if (!resolved.equals(document.resource())) {
                ObjectNode manifest = (ObjectNode) document.manifest().deepCopy();
                manifest.set("spec", definition.spec(resolved));
                changed.put(document, new SpecDocument(resolved, manifest, document.file(), document.line(),
                        document.fieldLines()));
            }
        }
        return changed;
    }

    private List<Selection> selections(SpecDocument document) {
        return kinds.definition(document.key().kind()).selections(document.resource());
    }

    private static String group(ResourceKey key) {
        return key.kind().name() + "/" + key.namespace();
    }
}
