package io.sextant.engine.status;

import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.List;

/**
 * Where a source stands in the cluster, as stored (table {@code source_state}): the one record every
 * replica reads before it acts on the source.
 *
 * @param lastFetchedRevision the newest commit of the watched branch any replica fetched
 * @param lastSyncedRevision  the newest commit fully applied (nothing blocked or failed, no spec errors)
 * @param plannedRevision     the commit of the newest journaled plan
 * @param version             incremented by every move; the compare-and-set token
 * @param gitFailure          the source's current Git failure, or null
 * @param outcome             what the last run that loaded the source's specs found, or null before one did
 */
public record SourcePosition(String lastFetchedRevision, String lastSyncedRevision, String plannedRevision,
                             long version, GitFailure gitFailure, Outcome outcome) {

    /** A source no replica has recorded anything for yet. */
    public static final SourcePosition NONE = new SourcePosition(null, null, null, 0, null, null);

    /**
     * What the last run that loaded a source's specs found: stored with the position so that every replica
     * shows the errors of the commit the cluster last worked on, whichever replica ran it.
     *
     * @param seenRevision     the commit that run worked on (the newest one seen)
     * @param notAppliedReason why that commit is not fully applied, or null when it is
     * @param errors           its spec errors, every failing file listed; as stored, each keeps its file, line,
     *                         field and message (not the resource it belongs to)
     */
    public record Outcome(String seenRevision, String notAppliedReason, List<SpecError> errors) {

        public Outcome {
            java.util.Objects.requireNonNull(seenRevision, "seenRevision");
            errors = List.copyOf(errors);
        }
    }

    /**
     * A Git failure of a source (unreachable, auth, corrupt), retried with backoff.
     *
     * @param message       what failed, credentials redacted
     * @param since         when the failure began (the first failed attempt)
     * @param attempts      attempts that failed in a row
     * @param nextAttemptAt when a poll tries again (webhooks and manual syncs try at once)
     */
    public record GitFailure(String message, Instant since, int attempts, Instant nextAttemptAt) {}

    /** The newest commit known to the cluster: what a run must load before it observes or heals. */
    public String newest() {
        return lastFetchedRevision != null ? lastFetchedRevision : plannedRevision;
    }

    /** The same position with the source's Git failure replaced (null when Git answers again). */
    public SourcePosition withGitFailure(GitFailure failure) {
        return new SourcePosition(lastFetchedRevision, lastSyncedRevision, plannedRevision, version, failure, outcome);
    }
}
