package io.sextant.engine.orphans;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.ManagedObjects;
import io.sextant.appliers.api.ManagedObjects.ManagedObject;
import io.sextant.engine.audit.AuditEvent.ResourceRef;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.schedule.SourceRunLocks;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePositions;
import io.sextant.plugin.BackendException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finds orphans: objects on a backend that carry Sextant's management label, were made by this installation
 * and whose resource is not in Git (Argo CD's "orphaned resources"). Every {@code sextant.orphans.interval},
 * each backend that can list its managed objects ({@link ManagedObjects}) is listed (one request per kind of
 * object) and each object judged against the shared status store ({@link OrphanRules}). Orphans are listed
 * by {@code GET /api/v1/orphans}, counted by {@code sextant_orphans{backend}}, and pruned ({@link OrphanPruner})
 * when their source prunes.
 *
 * <p>Each replica scans on its own timer: a scan only reads, and pruning takes the source's cluster lock.
 */
@Component
public class OrphanScan implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrphanScan.class);

    private final BackendRegistry backends;
    private final OrphanRules rules;
    private final OrphanPruner pruner;
    private final Clock clock;
    private final Duration interval;
    private final boolean cluster;
    private final Map<String, List<Orphan>> byBackend = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sextant-orphans");
        thread.setDaemon(true);
        return thread;
    });

    OrphanScan(BackendRegistry backends, ResourceTracker tracker, SourceRegistry sources, SourcePositions positions,
               AuditStore audit, ObjectProvider<SourceRunLocks> locks, SextantProperties properties,
               Clock clock, MeterRegistry meters) {
        this.backends = backends;
        this.rules = new OrphanRules(tracker, sources, positions);
        this.pruner = new OrphanPruner(tracker, sources, positions, audit, locks.getIfAvailable(), clock);
        this.cluster = locks.getIfAvailable() != null;
        this.clock = clock;
        this.interval = properties.orphans().interval();
        for (Applier applier : backends.all()) {
            if (applier.facet(ManagedObjects.class).isPresent()) {
                Gauge.builder("sextant.orphans", byBackend, m -> m.getOrDefault(applier.name(), List.of()).size())
                        .description("Objects Sextant made on a backend whose resource is no longer in Git")
                        .tag("backend", applier.name())
                        .register(meters);
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!interval.isZero()) {
            timer.scheduleWithFixedDelay(this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The orphans the last scans found, by backend, kind, namespace and name. */
    public List<Orphan> orphans() {
        List<Orphan> all = new ArrayList<>();
        byBackend.values().forEach(all::addAll);
        all.sort(Comparator.comparing(Orphan::id));
        return all;
    }

    private void scanSafely() {
        try {
            scanNow();
        } catch (RuntimeException e) {
            log.warn("orphan scan failed: {}", e.toString());
        }
    }

    /**
     * Scans every backend now: lists orphans, and prunes those of a source that prunes that an earlier scan
     * found too (an object a reconcile has just created has its status a moment later; a second sighting
     * leaves a full scan interval between).
     */
    public synchronized void scanNow() {
        Instant now = clock.instant();
        for (Applier applier : backends.all()) {
            Optional<ManagedObjects> managed = applier.facet(ManagedObjects.class);
            if (managed.isEmpty()) {
                continue;
            }
            List<ManagedObject> objects;
            try {
                objects = managed.get().listManaged();
            } catch (BackendException e) {
                // Unknown is not "none": keep the last list rather than report the orphans gone.
                log.warn("cannot list the objects Sextant manages on backend '{}': {}", applier.name(), e.getMessage());
                continue;
            }
            // Read after the list: a status a run wrote before its objects were listed is seen.
            var statuses = rules.statuses(cluster);
            Map<String, Orphan> before = new ConcurrentHashMap<>();
            byBackend.getOrDefault(applier.name(), List.of()).forEach(o -> before.put(o.id(), o));
            List<Orphan> found = new ArrayList<>();
            for (ManagedObject object : objects) {
                rules.judge(applier.name(), object, statuses).ifPresent(verdict -> {
                    Orphan seen = before.get(verdict.orphan().id());
                    Orphan orphan = verdict.orphan().since(seen == null ? now : seen.since());
                    if (verdict.prune() && seen != null && pruner.prune(applier, managed.get(), object, orphan)) {
                        return;
                    }
                    found.add(orphan);
                });
            }
            byBackend.put(applier.name(), List.copyOf(found));
        }
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    /** A resource key as the audit log and the API name it. */
    static ResourceRef ref(ManagedObject object) {
        return new ResourceRef(object.resource().kind().apiName(), object.resource().namespace(), object.resource().name());
    }
}
