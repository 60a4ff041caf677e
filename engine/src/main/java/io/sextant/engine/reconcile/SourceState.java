package io.sextant.engine.reconcile;

import io.sextant.plugin.SpecError;
import io.sextant.spec.SpecValidator;
import java.util.List;

/**
 * One source's published {@link SourceSnapshot}, and the validation session its reconcile worker keeps
 * between runs. Runs of a source never overlap, so only one thread publishes; the API reads.
 */
final class SourceState {

    private volatile SourceSnapshot snapshot = SourceSnapshot.EMPTY;
    private Validation validation; // the reconcile worker's only

    /** A validation session and the generation of the desired state its documents are. */
    private record Validation(long generation, SpecValidator.Session session) {}

    SourceSnapshot snapshot() {
        return snapshot;
    }

    void publish(SourceSnapshot next) {
        snapshot = next;
    }

    void reconciling(boolean running) {
        snapshot = snapshot.reconciling(running);
    }

    /**
     * The semantic errors of {@code next}: the change from the state validated last when {@code next} was
     * loaded from it, from scratch otherwise. Only the source's reconcile worker calls this.
     */
    List<SpecError> validate(DesiredState next, SpecValidator validator) {
        Validation last = validation;
        validation = null; // if this throws half-way, the next run starts from scratch
        SpecValidator.Session session;
        if (last != null && next.change() != null && next.change().from() == last.generation()) {
            session = last.session();
            session.update(next.change().removed(), next.change().added());
        } else {
            session = validator.start(next.documents());
        }
        validation = new Validation(next.generation(), session);
        return session.errors();
    }
}
