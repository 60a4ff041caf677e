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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds orphans: objects on a backend that carry Sextant's management label, were made by this installation
 * and whose resource is not in Git (Argo CD's "orphaned resources"). Every {@code sextant.orphans.interval},
 * each backend that can list its managed objects ({@link ManagedObjects}) is listed (one request per kind of
 * object) and each object judged against the shared status store ({@link OrphanRules}). Orphans are listed
 * by {@code GET /api/v1/orphans}, counted by {@code sextant_orphans{backend}}, and pruned ({@link OrphanPruner})
 * when their source prunes.
 *
 * <p>Each replica scans on its own timer; the orphans and their first sightings are stored ({@link OrphanStore}),
 * so replicas agree and a restart forgets nothing. Pruning takes the source's cluster lock.
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
    private final OrphanStore store;
    /** Orphans per backend as the last scan of this replica stored them, for the gauge (no query per scrape). */
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sextant-orphans");
        thread.setDaemon(true);
        return thread;
    });

    OrphanScan(BackendRegistry backends, ResourceTracker tracker, SourceRegistry sources, SourcePositions positions,
               AuditStore audit, ObjectProvider<SourceRunLocks> locks, SextantProperties properties,
               Clock clock, MeterRegistry meters, JdbcClient jdbc) {
        this.store = new OrphanStore(jdbc);
        this.backends = backends;
        this.rules = new OrphanRules(tracker, sources, positions);
        this.pruner = new OrphanPruner(tracker, sources, positions, audit, locks.getIfAvailable(), clock);
        this.cluster = locks.getIfAvailable() != null;
        this.clock = clock;
        this.interval = properties.orphans().interval();
        for (Applier applier : backends.all()) {
            if (applier.facet(ManagedObjects.class).isPresent()) {
                Gauge.builder("sextant.orphans", counts, m -> m.getOrDefault(applier.name(), 0))
                        .description("Objects Sextant made on a backend whose resource is no longer in Git")
                        .tag("backend", applier.name())
                        .register(meters);
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        store.all().forEach(o -> counts.merge(o.backend(), 1, Integer::sum)); // what scans before a restart found
        if (!interval.isZero()) {
            timer.scheduleWithFixedDelay(this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The orphans the last scans found, by backend, kind, namespace and name: as stored, so every replica answers
     * the same, and a restarted one answers before its first scan.
     */
    public List<Orphan> orphans() {
        return store.all();
    }

    private void scanSafely() {
        try {
            scanNow();
        } catch (RuntimeException e) {
            log.warn("orphan scan failed: {}", e.toString());
        }
    }

    /**
     * Scans every backend now: stores the orphans, and prunes those of a source that prunes that an earlier scan
     * found too, on any replica and before a restart (an object a reconcile has just created has its status a
     * moment later; besides, the pruner looks again under the source's lock).
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
            Map<String, Orphan> before = store.of(applier.name());
            Set<String> found = new HashSet<>();
            for (ManagedObject object : objects) {
                rules.judge(applier.name(), object, statuses).ifPresent(verdict -> {
                    Orphan seen = before.get(verdict.orphan().id());
                    Orphan orphan = store.sighted(verdict.orphan().since(seen == null ? now : seen.since()));
                    if (verdict.prune() && seen != null && pruner.prune(applier, managed.get(), object, orphan)) {
                        store.forget(orphan);
                        return;
                    }
                    found.add(orphan.id());
                });
            }
            store.keepOnly(applier.name(), found);
            counts.put(applier.name(), found.size());
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
