package io.sextant.engine.reconcile;

import io.sextant.drift.api.DriftDetector;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.PolicyContext;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SourcePositions;
import io.sextant.git.api.GitException;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.SpecValidator;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * The level-triggered reconciler: every trigger (start-up, poll, webhook, "sync now") only enqueues
 * a reconcile of a source; one reconcile per source runs at a time and later triggers coalesce.
 */
@Component
public class Reconciler implements DisposableBean {

    private final SourceRegistry sources;
    private final ResourceTracker tracker;
    private final ReconcileServices services;
    private final SourceViews sourceViews;
    private final Map<String, SourceState> states = new LinkedHashMap<>();
    private final Map<String, SourceWorker> workers = new HashMap<>();
    private final Map<String, Set<String>> driftRequests = new HashMap<>();
    /** Resources a backend's watch saw change out of band, per source, until its next run re-observes them. */
    private final Map<String, Set<ResourceKey>> changedKeys = new HashMap<>();
    private final ExecutorService pool;
    private final BackendCalls calls;
    private final RetryTimers retries;
    private final RevisionFetches revisionFetches = new RevisionFetches(RevisionFetches.Limits.DEFAULT, System::nanoTime);

    public Reconciler(SextantProperties properties, SourceRegistry sources, BackendRegistry backends,
                      ResourceTracker tracker, AuditStore audit, SourcePositions positions, RetryPolicy retryPolicy,
                      List<CommitGate> gates, ApplicationEventPublisher events, SyncJournal journal,
                      PlatformTransactionManager transactionManager, JournalRecovery recovery, Clock clock,
                      Backoff backoff, Kinds kinds, DriftDetector detector,
                      ObjectProvider<RolloutGate> rollouts, ObjectProvider<SuspensionGate> suspensions,
                      ObjectProvider<WindowGate> windows) {
        this.sources = sources;
        this.tracker = tracker;
        // Engine configuration joins the spec rules: namespaces the policy grants, and what each backend can serve.
        SpecValidator validator = new SpecValidator(kinds, PolicyContext.of(properties.policy(), backends.names(),
                        PolicyContext.inventories(properties.backends())),
                List.of(new NamespacePolicyCheck(properties.policy().namespaces().keySet()),
                        new BackendSupport(kinds, backends)));
        this.calls = new BackendCalls();
        RandomGenerator random = RandomGenerator.getDefault();
        this.sourceViews = new SourceViews(positions);
        this.services = new ReconcileServices(backends, tracker, audit, positions, new DesiredStateLoader(kinds),
                new Assessor(kinds, backends, detector, calls, backoff, random),
                new StepExecutor(retryPolicy, random, d -> Thread.sleep(d.toMillis())),
                validator, List.copyOf(gates), events, journal,
                new TransactionTemplate(transactionManager), recovery, calls, clock, backoff, random,
                rollouts.getIfAvailable(() -> RolloutGate.NONE),
                suspensions.getIfAvailable(() -> SuspensionGate.NONE),
                windows.getIfAvailable(() -> WindowGate.NONE));
        this.retries = new RetryTimers(clock);
        this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, sources.all().size())), r -> {
            Thread thread = new Thread(r, "sextant-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        for (WatchedSource source : sources.all()) {
            SourceState state = new SourceState();
            states.put(source.name(), state);
            driftRequests.put(source.name(), ConcurrentHashMap.newKeySet());
            changedKeys.put(source.name(), ConcurrentHashMap.newKeySet());
            workers.put(source.name(), new SourceWorker(source.name(), pool,
                    trigger -> reconcile(source, state, trigger)));
        }
        // Last: a backend's watch may report a change as soon as it is asked to.
        backends.all().forEach(applier -> applier.watch(this::requestDrift));
    }

    private void reconcile(WatchedSource source, SourceState state, Trigger trigger) {
        state.reconciling(true);
        Set<String> driftBackends = new HashSet<>();
        Set<String> requested = driftRequests.get(source.name());
        for (String backend : List.copyOf(requested)) {
            requested.remove(backend);
            driftBackends.add(backend);
        }
        Set<ResourceKey> changed = new HashSet<>();
        Set<ResourceKey> seen = changedKeys.get(source.name());
        for (ResourceKey key : List.copyOf(seen)) {
            seen.remove(key);
            changed.add(key);
        }
        try (LogContext.Scope logContext = LogContext.reconcile(source.name(), trigger.apiName())) {
            new ReconcileRun(source, state, trigger, driftBackends, changed, services).run();
        } finally {
            state.reconciling(false);
        }
        Instant retry = nextRetry(source.name());
        Instant release = services.windows().releaseAt(source.name()).orElse(null);
        if (release != null && (retry == null || release.isBefore(retry))) {
            retry = release; // a change held by a sync window applies when the window lets it, not at the next poll
        }
        if (retry != null) {
            dispatcher.dispatchAt(source.name(), retry);
        }
    }

    /** When the first resource of a source that backs off after a failure is due again, or null. */
    private Instant nextRetry(String source) {
        Instant next = null;
        for (ResourceKey key : tracker.attention(source)) {
            Instant due = tracker.find(key).map(TrackedResource::nextAttemptAt).orElse(null);
            if (due != null && (next == null || due.isBefore(next))) {
                next = due;
            }
        }
        return next;
    }

    /** Enqueues a reconcile of one source. */
    public void request(String source, Trigger trigger) {
        if (!workers.containsKey(source)) {
            throw new NoSuchElementException("no source named '" + source + "'");
        }
        dispatcher.dispatch(source, trigger, null);
    }

    /** Runs reconciles through {@code clustered} instead of this process's workers. */
    public void useDispatcher(ReconcileDispatcher clustered) {
        this.dispatcher = clustered;
    }

    /** Runs a reconcile now, on the calling thread; for dispatchers that hold the source's lock. */
    public void runNow(String source, Trigger trigger, String driftBackend) {
        WatchedSource watched = sources.find(source)
                .orElseThrow(() -> new NoSuchElementException("no source named '" + source + "'"));
        if (driftBackend != null) {
            driftRequests.get(source).add(driftBackend);
        }
        tracker.reload(source); // another replica may have run the previous reconcile
        reconcile(watched, states.get(source), trigger);
    }

    /** The default: this process's workers, which coalesce triggers per source. */
    private final ReconcileDispatcher local = new ReconcileDispatcher() {
        @Override
        public void dispatch(String source, Trigger trigger, String driftBackend) {
            if (driftBackend != null) {
                driftRequests.get(source).add(driftBackend);
            }
            workers.get(source).request(trigger);
        }

        @Override
        public void dispatchAt(String source, Instant at) {
            retries.schedule(source, at, () -> workers.get(source).request(Trigger.POLL));
        }
    };

    private volatile ReconcileDispatcher dispatcher = local;

    /**
     * Enqueues a drift scan of one backend: every source re-observes its resources on that backend and
     * compares them with the desired state it already holds, without touching Git.
     */
    public void requestDrift(String backend) {
        workers.keySet().forEach(source -> dispatcher.dispatch(source, Trigger.DRIFT, backend));
    }

    /**
     * Enqueues a drift check of one resource a backend saw change behind Sextant's back (its watch): the
     * source that holds it re-observes just that resource. In a cluster the check runs wherever the
     * source's next job runs, so there it is a drift scan of the resource's backend (read from the same
     * watch caches, so it costs no backend requests either).
     */
    public void requestDrift(ResourceKey key) {
        tracker.find(key).ifPresent(resource -> {
            if (resource.source() == null || !workers.containsKey(resource.source())) {
                return;
            }
            if (dispatcher == local) {
                changedKeys.get(resource.source()).add(key);
                workers.get(resource.source()).request(Trigger.DRIFT);
            } else if (resource.backend() != null) {
                dispatcher.dispatch(resource.source(), Trigger.DRIFT, resource.backend());
            }
        });
    }

    /** Enqueues a reconcile of every source. */
    public void requestAll(Trigger trigger) {
        workers.keySet().forEach(source -> dispatcher.dispatch(source, trigger, null));
    }

    /** Waits until every source is idle; true if it happened within the timeout. */
    public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (SourceWorker worker : workers.values()) {
            if (!worker.awaitIdle(Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        return true;
    }

    /** Where each source stands, for the API: the stored position every replica shares (see {@link SourceViews}). */
    public List<SourceView> sources() {
        List<SourceView> views = new ArrayList<>();
        for (WatchedSource source : sources.all()) {
            views.add(sourceViews.of(source, states.get(source.name()).snapshot()));
        }
        return views;
    }

    /**
     * What reconciling {@code revision} of a source would do to live state now, without doing it: the
     * engine's own planning of that commit from the desired state it holds (see {@link PlanPreviewer}).
     *
     * @throws GitException when the revision cannot be found or read; {@link PlanRateLimitedException} when
     *                      it would be one fetch from the remote too many
     */
    public PlanPreview plan(String sourceName, String revision) throws GitException {
        WatchedSource source = sources.find(sourceName)
                .orElseThrow(() -> new NoSuchElementException("no source named '" + sourceName + "'"));
        return new PlanPreviewer(services, revisionFetches).preview(source, states.get(sourceName).snapshot().desired(), revision);
    }

    /** The name of the only source, or of the first one; the default for plans. */
    public String defaultSource() {
        return states.keySet().iterator().next();
    }

    @Override
    public void destroy() {
        retries.close();
        pool.shutdownNow();
        calls.close();
    }
}
