package io.sextant.engine.status;

import java.time.Instant;

/**
 * Where a source stands in the cluster, as stored (table {@code source_state}): the one record every
 * replica reads before it acts on the source.
 *
 * @param lastFetchedRevision the newest commit of the watched branch any replica fetched
 * @param lastSyncedRevision  the newest commit fully applied (nothing blocked or failed, no spec errors)
 * @param plannedRevision     the commit of the newest journaled plan
 * @param version             incremented by every move; the compare-and-set token
 * @param gitFailure          the source's current Git failure, or null
 */
public record SourcePosition(String lastFetchedRevision, String lastSyncedRevision, String plannedRevision,
                             long version, GitFailure gitFailure) {

    /** A source no replica has recorded anything for yet. */
    public static final SourcePosition NONE = new SourcePosition(null, null, null, 0, null);

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
        return new SourcePosition(lastFetchedRevision, lastSyncedRevision, plannedRevision, version, failure);
    }
}
