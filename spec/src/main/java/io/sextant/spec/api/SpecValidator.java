package io.sextant.spec.api;

import io.sextant.spec.validate.SemanticValidator;
import java.util.Collection;
import java.util.List;

/**
 * Checks what no single file can show: rules over the full set of loaded documents of a commit.
 *
 * <p>The rules (DESIGN.md section 3): each (kind, namespace, name) is defined once; a deployment has
 * either {@code replicas} or {@code autoscaling} (with {@code 0 <= minReplicas <= maxReplicas}); its GPU
 * count is a multiple of {@code runtime.args.tensor-parallel-size}; an adapter's deployment exists in
 * its namespace; a route's targets exist, are listed once, share one backend and weigh 100 in total;
 * {@code dependsOn} targets exist and no dependency chain is a cycle; when the context knows the
 * backends, a deployment's backend is one of them; the namespace policy allows the backend (once any
 * policy is configured, a namespace without one may use none); a namespace's GPUs of a type
 * (replicas, or {@code maxReplicas}, times GPU count, summed) stay within its quota.
 *
 * <p>Every error names the resource it belongs to and the line of the offending field. Thread-safe.
 */
public final class SpecValidator {

    private final SemanticValidator validator;

    public SpecValidator(ValidationContext context) {
        this.validator = new SemanticValidator(context);
    }

    /** Every semantic error of {@code documents}, ordered by file and line; empty when all is well. */
    public List<SpecError> validate(Collection<SpecDocument> documents) {
        return validator.validate(documents);
    }
}
