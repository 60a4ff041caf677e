package io.sextant.engine.reconcile;

import io.sextant.spec.api.DocumentCheck;

import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.List;
import java.util.function.Function;
import java.util.Set;

/**
 * Allow-list policy: when {@code sextant.policy.namespaces} is configured, a namespace without an
 * entry may use nothing (zero trust). The per-namespace backend and quota rules are checked by the
 * spec validator.
 */
record NamespacePolicyCheck(Set<String> namespaces) implements DocumentCheck {

    @Override
    public List<SpecError> check(SpecDocument document, Function<ResourceKey, SpecDocument> resources) {
        if (namespaces.isEmpty() || namespaces.contains(document.key().namespace())) {
            return List.of();
        }
        return List.of(document.error("metadata.namespace", "namespace '" + document.key().namespace()
                + "' is not granted any backend by sextant.policy.namespaces"));
    }
}
