package io.sextant.spec.validate;

import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Runs the semantic rules of DESIGN.md section 3 over a whole set of documents.
 *
 * <p>Internal: public only so {@link io.sextant.spec.api.SpecValidator} can reach it; use that instead.
 */
public final class SemanticValidator {

    /** Identity first, then each kind on its own, then what spans resources, then engine configuration. */
    private static final List<Rule> RULES = List.of(
            new UniqueIdentity(),
            new Scaling(),
            new TensorParallel(),
            new AdapterDeployment(),
            new RouteTargets(),
            new Dependencies(),
            new BackendPolicy(),
            new GpuQuota());

    private final ValidationContext context;

    public SemanticValidator(ValidationContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Every error, ordered by file and line. */
    public List<SpecError> validate(Collection<SpecDocument> documents) {
        DocumentSet set = new DocumentSet(documents);
        List<SpecError> errors = new ArrayList<>();
        for (Rule rule : RULES) {
            rule.check(set, context, errors);
        }
        errors.sort(Comparator.comparing(SpecError::file).thenComparingInt(SpecError::line));
        return List.copyOf(errors);
    }
}
