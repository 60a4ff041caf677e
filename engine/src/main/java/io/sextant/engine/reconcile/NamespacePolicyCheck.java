package io.sextant.engine.reconcile;

import io.sextant.spec.api.DocumentCheck;

import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.policy.Violation;
import java.util.List;
import java.util.function.Function;
import java.util.Set;

/**
 * Allow-list policy: when {@code sextant.policy.namespaces} is configured, a namespace without an
 * entry may use nothing (zero trust). The per-namespace backend and quota rules are checked by the
 * spec validator. A policy refusal ({@code [policy namespaces]}): the engine blocks the change and audits it.
 */
record NamespacePolicyCheck(Set<String> namespaces) implements DocumentCheck {

    @Override
    public List<SpecError> check(SpecDocument document, Function<ResourceKey, SpecDocument> resources) {
        if (namespaces.isEmpty() || namespaces.contains(document.key().namespace())) {
            return List.of();
        }
        return List.of(document.error("metadata.namespace", new Violation("metadata.namespace", "namespaces",
                "namespace '" + document.key().namespace() + "' is not granted any backend by sextant.policy.namespaces")
                .describe()));
    }
}
