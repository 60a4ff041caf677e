package io.sextant.spec.validate;

import io.sextant.plugin.SpecError;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.ValidationContext;
import io.sextant.spec.policy.Violation;
import java.util.List;

/**
 * What a resource uses ({@link io.sextant.plugin.KindDefinition#governed}: model URIs and revisions, images,
 * GPUs per replica, runtime arguments) is allowed by its namespace's allow-lists. A rule of the document
 * alone: its errors change only when it does.
 */
final class AllowlistPolicy implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (SpecDocument document : documents.unique()) {
            ValidationContext.NamespacePolicy policy = context.policyFor(document.key().namespace());
            if (policy == null) {
                continue;
            }
            List<Violation> violations = policy.allowlists().check(document.key().namespace(),
                    documents.kinds().definition(document.key().kind()).governed(document.resource()));
            violations.forEach(violation -> errors.add(document.error(violation.field(), violation.describe())));
        }
    }
}
