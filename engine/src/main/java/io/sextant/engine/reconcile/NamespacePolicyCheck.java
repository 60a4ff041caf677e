package io.sextant.engine.reconcile;

import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Allow-list policy: when {@code sextant.policy.namespaces} is configured, a namespace without an
 * entry may use nothing (zero trust). The per-namespace backend and quota rules are checked by the
 * spec validator.
 */
record NamespacePolicyCheck(Set<String> namespaces) {

    List<SpecError> check(Collection<SpecDocument> documents) {
        if (namespaces.isEmpty()) {
            return List.of();
        }
        return documents.stream()
                .filter(d -> !namespaces.contains(d.key().namespace()))
                .map(d -> d.error("metadata.namespace", "namespace '" + d.key().namespace()
                        + "' is not granted any backend by sextant.policy.namespaces"))
                .toList();
    }
}
