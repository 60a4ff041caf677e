package io.sextant.spec.validate;

import io.sextant.plugin.BackendName;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.ValidationContext;
import io.sextant.spec.policy.Violation;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A resource's own backend (a deployment's {@code spec.backend}) is configured, and its namespace's policy grants it.
 *
 * <p>Allow-list: once any namespace policy is configured, a namespace without one may use no backend.
 * With no policy at all every namespace may use every backend. Existence is only checked when the
 * engine's backends are known (not in offline validation). A policy refusal names its rule
 * ({@code [policy backends]}, {@code [policy namespaces]}), so the engine blocks and audits it like any
 * allow-list violation; an unknown backend is a broken spec and fails as before.
 */
final class BackendPolicy implements Rule {

    /** The policy keys these violations name: a blocked change says which (an unknown backend is a broken spec, not policy). */
    static final String BACKENDS = "backends";
    static final String NAMESPACES = "namespaces";

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (SpecDocument document : documents.unique()) {
            Optional<BackendName> named = documents.kinds().definition(document.key().kind()).backend(document.resource());
            if (named.isEmpty()) {
                continue;
            }
            String field = named.get().field();
            String backend = named.get().name();
            String namespace = document.key().namespace();
            if (context.backends() != null && !context.backends().contains(backend)) {
                errors.add(document.error(field, "unknown backend '" + backend + "' (configured: "
                        + String.join(", ", new TreeSet<>(context.backends())) + ")"));
                continue;
            }
            ValidationContext.NamespacePolicy policy = context.policyFor(namespace);
            if (policy == null) {
                if (context.namespaces().isEmpty()) {
                    continue; // no policy at all: every backend
                }
                errors.add(document.error(field, new Violation(field, NAMESPACES, "namespace '" + namespace
                        + "' has no policy, so it may not use any backend").describe()));
            } else if (!policy.backends().isEmpty() && !policy.backends().contains(backend)) {
                errors.add(document.error(field, new Violation(field, BACKENDS, "namespace '" + namespace
                        + "' may not use backend '" + backend + "' (allowed: "
                        + String.join(", ", new TreeSet<>(policy.backends())) + ")").describe()));
            }
        }
    }
}
