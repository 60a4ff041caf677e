package io.sextant.spec.validate;

import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.DocumentCheck;
import io.sextant.spec.api.ValidationContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the semantic rules of DESIGN.md section 3 over the documents of one source, commit after commit.
 *
 * <p>The first {@link #validate} checks every document. Each {@link #update} then applies a change
 * (documents removed and added) to the index and re-runs each rule only over the identities the change
 * can affect under it ({@link Rule#scope}); the errors of every other identity are carried over. The
 * result equals a full validation of the new set of documents, at a cost that follows the change.
 *
 * <p>Internal: public only so {@link io.sextant.spec.SpecValidator} can reach it; use that instead.
 * Not thread-safe: one instance follows one source.
 */
public final class SemanticValidator {

    /** Identity first, then each kind on its own, then what spans resources, then engine configuration. */
    private static final List<Rule> BUILT_IN = List.of(
            new UniqueIdentity(),
            new KindRules(),
            new Dependencies(),
            new BackendPolicy(),
            new AllowlistPolicy(),
            new GpuQuota());

    private final ValidationContext context;
    private final List<Rule> rules;
    private final DocumentIndex index;
    private final List<Map<ResourceKey, List<SpecError>>> errorsByRule = new ArrayList<>();
    private List<SpecError> errors = List.of();

    public SemanticValidator(Kinds kinds, ValidationContext context, List<DocumentCheck> checks) {
        this.index = new DocumentIndex(Objects.requireNonNull(kinds, "kinds"));
        this.context = Objects.requireNonNull(context, "context");
        List<Rule> all = new ArrayList<>(BUILT_IN);
        checks.forEach(check -> all.add(new PerDocument(check)));
        this.rules = List.copyOf(all);
        rules.forEach(rule -> errorsByRule.add(new HashMap<>()));
    }

    /** Every error of {@code documents}, checked from scratch, ordered by file and line. */
    public List<SpecError> validate(Collection<SpecDocument> documents) {
        documents.forEach(index::add);
        Set<ResourceKey> everything = Set.copyOf(index.keys());
        for (int i = 0; i < rules.size(); i++) {
            run(i, everything);
        }
        return collect();
    }

    /**
     * The errors after {@code removed} documents (instances given to an earlier call) left and
     * {@code added} ones arrived; a changed file is its old documents removed and its new ones added.
     */
    public List<SpecError> update(Collection<SpecDocument> removed, Collection<SpecDocument> added) {
        Set<ResourceKey> changed = new HashSet<>();
        removed.forEach(document -> changed.add(index.remove(document)));
        added.forEach(document -> changed.add(index.add(document)));
        if (changed.isEmpty()) {
            return errors;
        }
        Set<ResourceKey> touched = new HashSet<>(changed);
        changed.forEach(key -> touched.addAll(index.referrers(key)));
        for (int i = 0; i < rules.size(); i++) {
            run(i, rules.get(i).scope(index, touched, errorsByRule.get(i).keySet(), context));
        }
        return collect();
    }

    /** The errors of the last {@link #validate} or {@link #update}. */
    public List<SpecError> errors() {
        return errors;
    }

    private void run(int rule, Set<ResourceKey> scope) {
        List<SpecError> found = new ArrayList<>();
        rules.get(rule).check(new DocumentSet(index, scope), context, found);
        Map<ResourceKey, List<SpecError>> byKey = errorsByRule.get(rule);
        byKey.keySet().removeAll(scope);
        for (SpecError error : found) {
            byKey.computeIfAbsent(error.resource(), key -> new ArrayList<>(1)).add(error);
        }
    }

    private List<SpecError> collect() {
        List<SpecError> all = new ArrayList<>();
        errorsByRule.forEach(byKey -> byKey.values().forEach(all::addAll));
        // Stable: errors of one line keep the rules' order.
        all.sort(Comparator.comparing(SpecError::file).thenComparingInt(SpecError::line));
        errors = List.copyOf(all);
        return errors;
    }

    /** A {@link DocumentCheck} as a rule over its scope's canonical documents. */
    private record PerDocument(DocumentCheck check) implements Rule {
        @Override
        public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
            for (SpecDocument document : documents.unique()) {
                errors.addAll(check.check(document, documents::get));
            }
        }
    }
}
