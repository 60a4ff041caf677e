package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.spec.api.SpecError;
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

    void synced(DesiredState state, List<SpecError> specErrors, Instant at) {
        desired = state;
        lastSynced = state.commit();
        errors = List.copyOf(specErrors);
        lastReconciledAt = at;
    }
}
