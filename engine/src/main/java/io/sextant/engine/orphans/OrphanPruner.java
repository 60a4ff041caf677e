package io.sextant.engine.orphans;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ManagedObjects;
import io.sextant.appliers.api.ManagedObjects.ManagedObject;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.schedule.SourceRunLocks;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SourcePositions;
import io.sextant.plugin.BackendException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletes an orphan of a source that prunes, through the backend's ordinary delete of the resource its labels
 * name (which removes only objects labelled for exactly that resource) and one audit event: action
 * {@code delete}, trigger {@code drift} (a scan of live state found it, no commit asked), the source's last
 * synced commit.
 *
 * <p>Under the source's cluster lock, the one its reconciles hold: no run of the source is creating the
 * resource meanwhile, and two replicas never delete the same orphan both. Inside the lock the status is read
 * again from the store and the object listed again, so the second replica finds it gone and writes nothing.
 */
final class OrphanPruner {

    private static final Logger log = LoggerFactory.getLogger(OrphanPruner.class);

    private final ResourceTracker tracker;
    private final SourceRegistry sources;
    private final SourcePositions positions;
    private final AuditStore audit;
    private final SourceRunLocks locks;
    private final Clock clock;
    /** The last failure per object, so that a delete failing the same way scan after scan is recorded once. */
    private final Map<ManagedObject, String> failures = new ConcurrentHashMap<>();

    OrphanPruner(ResourceTracker tracker, SourceRegistry sources, SourcePositions positions, AuditStore audit,
                 SourceRunLocks locks, Clock clock) {
        this.tracker = tracker;
        this.sources = sources;
        this.positions = positions;
        this.audit = audit;
        this.locks = locks;
        this.clock = clock;
    }

    /** Whether the orphan is gone now (deleted here, or found gone); false leaves it listed. */
    boolean prune(Applier applier, ManagedObjects managed, ManagedObject object, Orphan orphan) {
        AtomicBoolean gone = new AtomicBoolean();
        Runnable work = () -> gone.set(pruneHoldingLock(applier, managed, object, orphan));
        if (locks == null) {
            work.run(); // one process: the scan runs on one thread, and a status a run writes is seen at once
        } else if (!locks.runExclusively("reconcile", orphan.source(), work)) {
            return false; // a run of the source is under way: the next scan looks again
        }
        return gone.get();
    }

    private boolean pruneHoldingLock(Applier applier, ManagedObjects managed, ManagedObject object, Orphan orphan) {
        if (locks != null) {
            tracker.reload(orphan.source()); // another replica's run may have given it a status since the scan
        }
        if (tracker.find(object.resource()).isPresent() || sources.find(orphan.source()).isEmpty()) {
            return false;
        }
        long started = System.nanoTime();
        String error = null;
        try {
            List<ManagedObject> live = managed.listManaged();
            if (!live.contains(object)) {
                return true; // deleted meanwhile (by another replica, or by hand): nothing to do, nothing to record
            }
            applier.delete(object.resource());
        } catch (BackendException e) {
            error = e.getMessage();
        }
        if (error != null && error.equals(failures.put(object, error))) {
            return false; // the same failure again: already recorded
        }
        if (error == null) {
            failures.remove(object);
        }
        String commit = positions.find(orphan.source()).map(SourcePosition::lastSyncedRevision).orElse(null);
        audit.append(new AuditEntry(orphan.source(), commit, null,
                "orphan " + object.kind() + " " + object.namespace() + "/" + object.name() + " on backend '"
                        + applier.name() + "' names " + object.resource() + ", which is not in Git; pruned (sync.prune is on)",
                null, List.of(), "drift", OrphanScan.ref(object), applier.name(), "delete",
                JsonMapper.shared().createArrayNode(), error == null ? "succeeded" : "failed", error,
                (System.nanoTime() - started) / 1_000_000));
        if (error != null) {
            log.warn("cannot prune orphan {} {}/{} on backend '{}': {}", object.kind(), object.namespace(),
                    object.name(), applier.name(), error);
            return false;
        }
        log.info("pruned orphan {} {}/{} on backend '{}' at {}", object.kind(), object.namespace(), object.name(),
                applier.name(), clock.instant());
        return true;
    }
}
