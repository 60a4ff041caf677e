package io.sextant.engine.source;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent.ResourceRef;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.reconcile.SyncStatus;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resources the engine manages for a source that is no longer configured. No reconcile looks at them
 * again, so left as they were they would stay "Synced" forever from a source that does not exist; they
 * are marked {@code sync: Unknown} with a message saying why, and their live state is left as it is
 * (a renamed source or a configuration file that was not read must not delete a fleet). With
 * {@code sextant.orphans.prune: true} they are deleted from their backends once the engine is ready,
 * each deletion audited.
 */
@Component
public class OrphanedResources {

    private static final Logger log = LoggerFactory.getLogger(OrphanedResources.class);

    private final ResourceTracker tracker;
    private final SourceRegistry sources;
    private final BackendRegistry backends;
    private final AuditStore audit;
    private final boolean prune;

    public OrphanedResources(ResourceTracker tracker, SourceRegistry sources, BackendRegistry backends,
                             AuditStore audit, SextantProperties properties) {
        this.tracker = tracker;
        this.sources = sources;
        this.backends = backends;
        this.audit = audit;
        this.prune = properties.orphans().prune();
        List<TrackedResource> orphans = orphans();
        tracker.putAll(orphans.stream().map(r -> r.sync() == SyncStatus.UNKNOWN && r.message().equals(message(r)) ? r
                : new TrackedResource(r.key(), r.source(), r.backend(), SyncStatus.UNKNOWN, r.health(), r.operation(),
                        message(r), r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(), r.desired(), r.observed(),
                        r.diff(), r.driftReported(), r.appliedDigest(), null)).toList());
        if (!orphans.isEmpty()) {
            log.warn("{} resources belong to sources that are no longer configured ({}); {}", orphans.size(),
                    String.join(", ", sourceNames()), prune ? "deleting them (sextant.orphans.prune is true)"
                            : "their live state is left as it is (set sextant.orphans.prune: true to delete them)");
        }
    }

    /** The resources of sources that are no longer configured. */
    public List<TrackedResource> orphans() {
        return tracker.all().stream().filter(r -> sources.find(r.source()).isEmpty()).toList();
    }

    /** The names of the sources that left the configuration but still have resources here, sorted. */
    public SortedSet<String> sourceNames() {
        TreeSet<String> names = new TreeSet<>();
        orphans().forEach(r -> names.add(r.source()));
        return names;
    }

    static String message(TrackedResource r) {
        return "source '" + r.source() + "' is no longer configured; live state left as it is";
    }

    /** Deletes the orphans when asked; after start-up, so a slow backend does not hold the engine back. */
    @EventListener(ApplicationReadyEvent.class)
    void pruneWhenAsked() {
        if (!prune) {
            return;
        }
        for (TrackedResource orphan : orphans()) {
            Optional<Applier> applier = backends.find(orphan.backend());
            long started = System.nanoTime();
            String error = null;
            if (applier.isEmpty()) {
                error = "backend '" + orphan.backend() + "' is no longer configured either";
            } else {
                try {
                    applier.get().delete(orphan.key());
                } catch (BackendException e) {
                    error = e.getMessage();
                }
            }
            audit.append(new AuditEntry(orphan.source(), orphan.appliedRevision(), null,
                    "source '" + orphan.source() + "' is no longer configured; pruned (sextant.orphans.prune: true)",
                    null, List.of(), "manual", new ResourceRef(orphan.key().kind().apiName(), orphan.key().namespace(),
                    orphan.key().name()), orphan.backend(), "delete", JsonMapper.builder().build().createArrayNode(),
                    error == null ? "succeeded" : "failed", error, (System.nanoTime() - started) / 1_000_000));
            if (error == null) {
                tracker.remove(orphan.key());
            } else {
                log.warn("cannot prune {} of source {}: {}", orphan.key(), orphan.source(), error);
                tracker.put(orphan.withMessage(message(orphan) + "; pruning failed: " + error));
            }
        }
    }
}
