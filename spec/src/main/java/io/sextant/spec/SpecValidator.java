package io.sextant.spec;

import io.sextant.plugin.SpecError;
import io.sextant.spec.api.DocumentCheck;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.ValidationContext;
import io.sextant.spec.validate.SemanticValidator;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Checks what no single file can show: rules over the full set of loaded documents of a commit.
 *
 * <p>The rules (DESIGN.md section 3): each (kind, namespace, name) is defined once; each kind's own
 * rules from its definition (a deployment has either {@code replicas} or {@code autoscaling}, with
 * {@code 0 <= minReplicas <= maxReplicas}, and a GPU count that is a multiple of
 * {@code runtime.args.tensor-parallel-size}; a route's targets are listed once, share one backend and weigh
 * 100 in total); every reference a definition declares (an adapter's deployment, a route's targets,
 * {@code dependsOn}) exists and no dependency chain is a cycle; when the context knows the backends, a
 * resource's own backend is one of them; the namespace policy allows the backend (once any
 * policy is configured, a namespace without one may use none); a namespace's GPUs of a type
 * (what its resources claim: replicas, or {@code maxReplicas}, times GPU count, summed) stay within its quota. Callers may add
 * {@link DocumentCheck}s of their own (the engine asks each backend whether it can serve a document).
 *
 * <p>{@link #validate} checks a set of documents from scratch. A {@link Session} follows one source from
 * commit to commit and re-checks only what a change can affect, with the same result.
 *
 * <p>Every error names the resource it belongs to and the line of the offending field. Thread-safe.
 */
public final class SpecValidator {

    private final Kinds kinds;
    private final ValidationContext context;
    private final List<DocumentCheck> checks;

    /** A validator of the built-in kinds ({@link Kinds#builtIn()}). */
    public SpecValidator(ValidationContext context) {
        this(Kinds.builtIn(), context, List.of());
    }

    /** A validator of the built-in kinds with extra checks. */
    public SpecValidator(ValidationContext context, List<DocumentCheck> checks) {
        this(Kinds.builtIn(), context, checks);
    }

    /** A validator of {@code kinds}: their rules and references, and {@code checks}. */
    public SpecValidator(Kinds kinds, ValidationContext context, List<DocumentCheck> checks) {
        this.kinds = Objects.requireNonNull(kinds, "kinds");
        this.context = Objects.requireNonNull(context, "context");
        this.checks = List.copyOf(checks);
    }

    /** Every semantic error of {@code documents}, ordered by file and line; empty when all is well. */
    public List<SpecError> validate(Collection<SpecDocument> documents) {
        return start(documents).errors();
    }

    /** Validates {@code documents} from scratch and keeps what it learnt for the next commit's {@link Session#update}. */
    public Session start(Collection<SpecDocument> documents) {
        SemanticValidator validator = new SemanticValidator(kinds, context, checks);
        validator.validate(documents);
        return new Session(validator);
    }

    /** Validation that follows one source's documents from commit to commit. Not thread-safe. */
    public static final class Session {

        private final SemanticValidator validator;

        private Session(SemanticValidator validator) {
            this.validator = validator;
        }

        /** The errors of the documents as of the last start or update, ordered by file and line. */
        public List<SpecError> errors() {
            return validator.errors();
        }

        /**
         * Moves to the next commit: {@code removed} are documents this session was given before (the
         * same instances) that are gone or changed, {@code added} their replacements and new documents.
         * Returns every error of the new set of documents, as {@link #validate} of it would.
         */
        public List<SpecError> update(Collection<SpecDocument> removed, Collection<SpecDocument> added) {
            return validator.update(removed, added);
        }
    }
}
