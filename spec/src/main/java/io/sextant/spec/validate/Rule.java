package io.sextant.spec.validate;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;
import java.util.Set;

/** One semantic rule; rules run in order and only add errors. */
interface Rule {

    /** Adds the errors of the documents in {@code documents}' scope. */
    void check(DocumentSet documents, ValidationContext context, List<SpecError> errors);

    /**
     * The identities whose errors under this rule may differ after a change, given the identities the
     * change {@code touched} (changed, or referring to something changed) and those this rule reported
     * before. By default a document's errors depend only on itself and what it refers to.
     */
    default Set<ResourceKey> scope(DocumentIndex index, Set<ResourceKey> touched, Set<ResourceKey> failing,
                                   ValidationContext context) {
        return touched;
    }
}
