package io.sextant.spec.validate;

import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;
import java.util.TreeSet;

/**
 * A deployment's backend is configured, and its namespace's policy grants it.
 *
 * <p>Allow-list: once any namespace policy is configured, a namespace without one may use no backend.
 * With no policy at all every namespace may use every backend. Existence is only checked when the
 * engine's backends are known (not in offline validation).
 */
final class BackendPolicy implements Rule {

    private static final String FIELD = "spec.backend";

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (DocumentSet.Typed<ModelDeployment> each : documents.of(ModelDeployment.class)) {
            SpecDocument document = each.document();
            String backend = each.resource().spec().backend();
            String namespace = each.resource().metadata().namespace();
            if (context.backends() != null && !context.backends().contains(backend)) {
                errors.add(document.error(FIELD, "unknown backend '" + backend + "' (configured: "
                        + String.join(", ", new TreeSet<>(context.backends())) + ")"));
                continue;
            }
            if (context.namespaces().isEmpty()) {
                continue;
            }
            ValidationContext.NamespacePolicy policy = context.namespaces().get(namespace);
            if (policy == null) {
                errors.add(document.error(FIELD, "namespace '" + namespace
                        + "' has no policy, so it may not use any backend"));
            } else if (!policy.backends().isEmpty() && !policy.backends().contains(backend)) {
                errors.add(document.error(FIELD, "namespace '" + namespace + "' may not use backend '" + backend
                        + "' (allowed: " + String.join(", ", new TreeSet<>(policy.backends())) + ")"));
            }
        }
    }
}
