package io.sextant.engine.analysis;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.AnalysisScheduler;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.Target;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The engine's canary analyses: starts them, steps them on the engine's clock and keeps every measurement
 * in the database. The rollout controller (issue 12, after the kind model rework) is its caller; until
 * then it is reached from Java only, and its results through {@code GET /api/v1/analyses}.
 */
public class AnalysisService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AnalysisService.class);

    private final AnalysisScheduler scheduler;
    private final AnalysisSources sources;
    private final MeasurementStore store;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    /** Runs that ended since start-up, for their caller to read the verdict; the database keeps them all. */
    private final Map<String, AnalysisRun> finished = new ConcurrentHashMap<>();

    AnalysisService(AnalysisProperties properties, AnalysisSources sources, MeasurementStore store, Clock clock) {
        this.sources = sources;
        this.store = store;
        this.clock = clock;
        this.workers = properties.threads() == 0 ? null
                : Executors.newFixedThreadPool(properties.threads(), daemon("sextant-analysis-"));
        this.scheduler = new AnalysisScheduler(clock, workers == null ? Runnable::run : workers,
                new AnalysisScheduler.Listener() {
                    @Override
                    public void measured(AnalysisRun run, Measurement measurement) {
                        store.measured(run, measurement);
                    }

                    @Override
                    public void finished(AnalysisRun run) {
                        finished.put(run.id(), run); // the verdict for its caller, even if the store fails
                        store.finished(run, clock.instant());
                        log.info("analysis {} of {}/{} (canary {}): {} — {}", run.id(), run.target().namespace(),
                                run.target().name(), run.target().canary(), run.phase(), run.message());
                    }
                });
        if (properties.tick().isZero()) {
            this.timer = null;
        } else {
            this.timer = Executors.newSingleThreadScheduledExecutor(daemon("sextant-analysis-tick-"));
            long millis = properties.tick().toMillis();
            timer.scheduleWithFixedDelay(this::tickQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts an analysis of {@code target} now; returns its id. A metric its source cannot read (a query
     * without Prometheus, a signal the backend does not give) is refused here, naming the field.
     */
    public String start(List<MetricSpec> metrics, Target target) {
        String id = UUID.randomUUID().toString();
        AnalysisRun run = scheduler.start(id, metrics, target, sources);
        store.started(run);
        return id;
    }

    /**
     * A run started since this engine started, running or finished; empty for an unknown id or one started
     * before a restart (its caller starts it again).
     */
    public Optional<AnalysisRun> run(String id) {
        Optional<AnalysisRun> running = scheduler.running(id);
        return running.isPresent() ? running : Optional.ofNullable(finished.get(id));
    }

    /**
     * The stored analyses of one version of a resource (its canary commit), oldest first, each with its phase
     * and every measurement: what the rollout API shows, also for runs from before a restart.
     */
    public List<StoredRun> stored(String namespace, String name, String canary) {
        List<StoredRun> runs = new java.util.ArrayList<>();
        for (MeasurementStore.RunRow row : store.runs(namespace, name, 1000)) {
            if (row.canary().equals(canary)) {
                runs.add(0, new StoredRun(row.id(), row.phase().name(), row.message(), row.startedAt(),
                        row.finishedAt(), store.measurements(row.id())));
            }
        }
        return runs;
    }

    /** A stored analysis run and its measurements. */
    public record StoredRun(String id, String phase, String message, java.time.Instant startedAt,
                            java.time.Instant finishedAt, List<io.sextant.analysis.Measurement> measurements) {}

    /** Stops a run without a verdict (its rollout was superseded or aborted); false when it is not running. */
    public boolean cancel(String id) {
        return scheduler.cancel(id);
    }

    /** Takes the measurements due on the engine's clock now (the timer calls it; tests call it by hand). */
    public int tick() {
        return scheduler.tick();
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("analysis tick failed: {}", e.toString());
        }
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
