package io.sextant.engine.reconcile;

import io.sextant.engine.security.Redaction;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SourcePositions;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a source stands, as the API and the dashboard show it: the source's stored position (the commits
 * fetched, fully applied and last worked on, the Git failure, the spec errors and why the commit is not
 * applied), which every replica shares, with this replica's own timings. A replica that did not run the
 * source's last reconcile shows what that run found, not what its own older run did.
 */
final class SourceViews {

    /** Commits resolved from a clone, by id: the clone is asked once per commit, not on every read. */
    private static final int MAX_CACHED = 256;

    private final SourcePositions positions;
    private final Map<String, CommitInfo> resolved = new ConcurrentHashMap<>();

    SourceViews(SourcePositions positions) {
        this.positions = positions;
    }

    SourceView of(WatchedSource source, SourceSnapshot local) {
        SourcePosition stored = positions.find(source.name()).orElse(null);
        if (stored == null || stored.outcome() == null) {
            // No run has loaded specs yet (the first is running, or Git failed from the start): only a Git
            // failure is stored, the rest is this replica's own view.
            return new SourceView(source.name(), Redaction.url(source.properties().url()), source.properties().branch(),
                    source.properties().paths(), local.lastFetched(), local.lastSynced(), local.lastSeen(),
                    local.notAppliedReason(), local.errors(), stored == null ? local.gitFailure() : stored.gitFailure(),
                    local.lastCheckedAt(), local.lastReconciledAt(), local.reconciling());
        }
        SourcePosition.Outcome outcome = stored.outcome();
        return new SourceView(source.name(), Redaction.url(source.properties().url()), source.properties().branch(),
                source.properties().paths(), commit(source, stored.lastFetchedRevision(), local),
                commit(source, stored.lastSyncedRevision(), local), commit(source, outcome.seenRevision(), local),
                outcome.notAppliedReason(), outcome.errors(), stored.gitFailure(), local.lastCheckedAt(),
                local.lastReconciledAt(), local.reconciling());
    }

    /**
     * A stored commit id with its author and message: from this replica's own copy when it holds that commit,
     * else from its clone (asked once per commit: the clone is locked while this replica fetches); only the
     * id while the clone has not fetched it.
     */
    private CommitInfo commit(WatchedSource source, String id, SourceSnapshot local) {
        if (id == null) {
            return null;
        }
        for (CommitInfo known : new CommitInfo[] {local.lastSeen(), local.lastSynced(), local.lastFetched()}) {
            if (known != null && known.id().equals(id)) {
                return known;
            }
        }
        CommitInfo cached = resolved.get(id);
        if (cached != null) {
            return cached;
        }
        try {
            CommitInfo commit = source.git().resolve(id);
            if (resolved.size() >= MAX_CACHED) {
                resolved.clear();
            }
            resolved.put(id, commit);
            return commit;
        } catch (GitException | RuntimeException notFetchedHere) {
            return new CommitInfo(id, null, null, null);
        }
    }
}
