package io.sextant.engine.reconcile;

import io.sextant.engine.status.SourcePosition.GitFailure;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.List;

/**
 * Where one source stands, as of the end of a run: published whole, so a reader never sees the commit of
 * one run beside the errors of another.
 *
 * @param desired          the specs of the last commit a run worked on, or null before the first load
 * @param lastFetched      head of the branch as last fetched
 * @param lastSynced       the newest commit fully applied: every step applied, nothing blocked or failed, no
 *                         spec errors
 * @param lastSeen         the commit the last run worked on (the newest one seen), or null before the first load
 * @param notAppliedReason why {@code lastSeen} is not fully applied ("blocked: ...", "2 resources failed",
 *                         "3 spec errors"), or null when it is
 * @param errors           spec errors of that commit, every failing file listed
 * @param gitFailure       the current Git failure (unreachable, auth, corrupt), or null
 * @param lastCheckedAt    when Git was last asked
 * @param lastReconciledAt when the last run that loaded specs finished
 * @param reconciling      whether a run is in progress
 */
record SourceSnapshot(DesiredState desired, CommitInfo lastFetched, CommitInfo lastSynced, CommitInfo lastSeen,
                      String notAppliedReason, List<SpecError> errors, GitFailure gitFailure, Instant lastCheckedAt,
                      Instant lastReconciledAt, boolean reconciling) {

    static final SourceSnapshot EMPTY = new SourceSnapshot(null, null, null, null, null, List.of(), null, null, null,
            false);

    SourceSnapshot {
        errors = List.copyOf(errors);
    }

    SourceSnapshot reconciling(boolean running) {
        return new SourceSnapshot(desired, lastFetched, lastSynced, lastSeen, notAppliedReason, errors, gitFailure,
                lastCheckedAt, lastReconciledAt, running);
    }

    /** Git answered at {@code at}: a Git failure is over. */
    SourceSnapshot checked(Instant at) {
        return new SourceSnapshot(desired, lastFetched, lastSynced, lastSeen, notAppliedReason, errors, null, at,
                lastReconciledAt, reconciling);
    }

    SourceSnapshot gitFailed(GitFailure failure, Instant at) {
        return new SourceSnapshot(desired, lastFetched, lastSynced, lastSeen, notAppliedReason, errors, failure, at,
                lastReconciledAt, reconciling);
    }

    /**
     * A run worked on {@code state}, knowing the branch at {@code fetched}, found {@code specErrors} and
     * finished at {@code at}; Git last answered at {@code checkedAt}, or fails with {@code gitFailure} (a
     * drift scan, which does not ask Git, keeps the failure it found). The commit is the last synced one
     * only when nothing keeps it from being fully applied ({@code notApplied} is null); otherwise
     * {@code applied} (the newest commit fully applied before) stays the last synced one.
     */
    SourceSnapshot synced(DesiredState state, CommitInfo fetched, List<SpecError> specErrors, Instant checkedAt,
                          Instant at, GitFailure stillFailing, String notApplied, CommitInfo applied) {
        return new SourceSnapshot(state, fetched, notApplied == null ? state.commit() : applied, state.commit(),
                notApplied, specErrors, stillFailing, checkedAt, at, reconciling);
    }
}
