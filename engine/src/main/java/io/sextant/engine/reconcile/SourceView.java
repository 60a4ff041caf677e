package io.sextant.engine.reconcile;

import io.sextant.engine.status.SourcePosition.GitFailure;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.List;

/**
 * Where a source stands.
 *
 * @param lastFetched    head of the branch as last fetched
 * @param lastSynced     the newest commit fully applied (every step applied, nothing blocked or failed, no spec
 *                       errors)
 * @param lastSeen       the newest commit a run worked on
 * @param notAppliedReason why {@code lastSeen} is not fully applied, or null when it is
 * @param errors         spec errors of that commit, every failing file listed
 * @param gitFailure     the current Git failure with since when and its backoff, or null when the last check worked
 */
public record SourceView(String name, String url, String branch, List<String> paths, CommitInfo lastFetched,
                         CommitInfo lastSynced, CommitInfo lastSeen, String notAppliedReason, List<SpecError> errors,
                         GitFailure gitFailure, Instant lastCheckedAt, Instant lastReconciledAt, boolean reconciling) {

    /** The Git failure's message, or null. */
    public String gitError() {
        return gitFailure == null ? null : gitFailure.message();
    }
}
