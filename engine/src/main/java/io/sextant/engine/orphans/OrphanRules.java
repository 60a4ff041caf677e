package io.sextant.engine.orphans;

import io.sextant.appliers.api.ManagedObjects.ManagedObject;
import io.sextant.engine.rollout.RolloutController;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePositions;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;


/**
 * Whether one managed object is an orphan, judged from the shared status store that every replica reads (a
 * source's desired state lives only in the memory of the replica that loaded it):
 *
 * <ul>
 *   <li>its resource has a status and is not kept live with pruning off: in Git (or kept because its file
 *       fails to load, whose resources are never orphans) — not an orphan;</li>
 *   <li>its resource left Git while its source's pruning is off: an orphan that stays (listed, as Argo CD
 *       lists orphaned resources; its status says the same);</li>
 *   <li>its source is no longer configured: an orphan that stays ({@code sextant.orphans.prune} deletes those
 *       at start-up);</li>
 *   <li>a rollout's canary of a resource that has a status: not an orphan (the rollout removes it);</li>
 *   <li>no status names its resource: an orphan of the source its annotation names, pruned when that source
 *       prunes and syncs by itself, judged only once the source has finished a sync (before that its resources
 *       may have no status yet); with no source recorded, it stays listed for a person to decide.</li>
 * </ul>
 */
final class OrphanRules {

    /** An orphan, and whether its source's pruning deletes it. */
    record Verdict(Orphan orphan, boolean prune) {}

    private final ResourceTracker tracker;
    private final SourceRegistry sources;
    private final SourcePositions positions;

    OrphanRules(ResourceTracker tracker, SourceRegistry sources, SourcePositions positions) {
        this.tracker = tracker;
        this.sources = sources;
        this.positions = positions;
    }

    /**
     * The statuses a scan judges by: in a cluster, as stored (read once per scan), since this replica's tracker
     * holds only what its own runs and reloads saw; in one process, the tracker, which every run writes through.
     */
    Function<ResourceKey, Optional<TrackedResource>> statuses(boolean cluster) {
        if (!cluster) {
            return tracker::find;
        }
        Map<ResourceKey, TrackedResource> stored = tracker.stored();
        return key -> Optional.ofNullable(stored.get(key));
    }

    Optional<Verdict> judge(String backend, ManagedObject object, Function<ResourceKey, Optional<TrackedResource>> statuses) {
        Optional<TrackedResource> row = statuses.apply(object.resource());
        if (row.isPresent()) {
            String source = row.get().source();
            if (sources.find(source).isEmpty()) {
                return stays(backend, object, source, "source '" + source + "' is no longer configured; left as it is");
            }
            return keptPruneOff(row.get())
                    ? stays(backend, object, source, "removed from Git; pruning is off for source '" + source
                            + "', so it stays live")
                    : Optional.empty();
        }
        if (RolloutController.stableOf(object.resource()).flatMap(statuses).isPresent()) {
            return Optional.empty(); // a canary beside its stable version in Git: its rollout removes it
        }
        String source = object.source();
        if (source == null) {
            return stays(backend, object, null, "no resource in Git names it and no source is recorded on it; "
                    + "delete it or put its resource back in Git");
        }
        Optional<WatchedSource> watched = sources.find(source);
        if (watched.isEmpty()) {
            return stays(backend, object, source, "source '" + source + "' is no longer configured; left as it is");
        }
        if (positions.find(source).map(p -> p.lastSyncedRevision() == null).orElse(true)) {
            return Optional.empty(); // not judged before its source's first finished sync
        }
        // Pruned only by a source that applies by itself, as Argo CD prunes only in a sync: with auto-sync off a
        // spec in Git whose live object differs has no stored status yet, and must not be taken for gone.
        boolean auto = Boolean.TRUE.equals(watched.get().sync().auto());
        boolean prune = auto && Boolean.TRUE.equals(watched.get().sync().prune());
        String reason = prune ? "not in Git; source '" + source + "' prunes, so it is deleted"
                : !auto ? "not in Git; automatic sync is off for source '" + source + "', so it stays live"
                : "not in Git; pruning is off for source '" + source + "', so it stays live";
        return Optional.of(new Verdict(orphan(backend, object, source, reason), prune));
    }

    /** Whether a status is one of a resource that left Git and stays live because pruning is off. */
    private static boolean keptPruneOff(TrackedResource row) {
        return row.message().startsWith(TrackedResource.KEPT_PRUNE_OFF);
    }

    private static Optional<Verdict> stays(String backend, ManagedObject object, String source, String reason) {
        return Optional.of(new Verdict(orphan(backend, object, source, reason), false));
    }

    private static Orphan orphan(String backend, ManagedObject object, String source, String reason) {
        return new Orphan(backend, object.apiVersion(), object.kind(), object.namespace(), object.name(),
                OrphanScan.ref(object), source, reason, null);
    }
}
