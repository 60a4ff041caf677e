package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.SpecValidator;
import java.time.Instant;
import java.util.List;

/**
 * Where one source stands. Written only by the source's reconcile worker; read by the API, hence
 * volatile fields holding immutable values.
 */
final class SourceState {

    private volatile DesiredState desired;
    private volatile CommitInfo lastFetched;
    private volatile CommitInfo lastSynced;
    private volatile List<SpecError> errors = List.of();
    private volatile String gitError;
    private volatile Instant lastCheckedAt;
    private volatile Instant lastReconciledAt;
    private volatile boolean reconciling;
    private Validation validation; // the reconcile worker's only

    /** A validation session and the generation of the desired state its documents are. */
    private record Validation(long generation, SpecValidator.Session session) {}

    DesiredState desired() {
        return desired;
    }

    CommitInfo lastFetched() {
        return lastFetched;
    }

    CommitInfo lastSynced() {
        return lastSynced;
    }

    List<SpecError> errors() {
        return errors;
    }

    String gitError() {
        return gitError;
    }

    Instant lastCheckedAt() {
        return lastCheckedAt;
    }

    Instant lastReconciledAt() {
        return lastReconciledAt;
    }

    boolean reconciling() {
        return reconciling;
    }

    void reconciling(boolean running) {
        this.reconciling = running;
    }

    void checked(Instant at) {
        lastCheckedAt = at;
        gitError = null;
    }

    void gitFailed(String message, Instant at) {
        lastCheckedAt = at;
        gitError = message;
    }

    void fetched(CommitInfo commit) {
        lastFetched = commit;
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

    void synced(DesiredState state, List<SpecError> specErrors, Instant at) {
        desired = state;
        lastSynced = state.commit();
        errors = List.copyOf(specErrors);
        lastReconciledAt = at;
    }
}
