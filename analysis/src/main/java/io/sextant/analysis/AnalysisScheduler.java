package io.sextant.analysis;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs analyses on a clock: each {@link #tick()} takes the measurements due at the clock's time. Whoever
 * owns it calls {@code tick} (the engine from a timer, a test by hand after moving its clock), so no
 * measurement waits on a sleeping thread. Reads may block on the network for up to their timeout, so due
 * runs are stepped on {@code executor}, each by one thread at a time; a run still busy from the previous
 * tick is left for the next.
 */
public final class AnalysisScheduler {

    private static final Logger log = LoggerFactory.getLogger(AnalysisScheduler.class);

    /** Told of every measurement and of each run's end, from the thread that stepped the run. */
    public interface Listener {
        void measured(AnalysisRun run, Measurement measurement);

        void finished(AnalysisRun run);
    }

    private final Clock clock;
    private final Executor executor;
    private final Listener listener;
    private final Map<String, Entry> runs = new ConcurrentHashMap<>();

    private record Entry(AnalysisRun run, AtomicBoolean busy) {
    }

    public AnalysisScheduler(Clock clock, Executor executor, Listener listener) {
        this.clock = clock;
        this.executor = executor;
        this.listener = listener;
    }

    /** Starts an analysis at the clock's time; refuses an id already running. */
    public AnalysisRun start(String id, List<MetricSpec> metrics, Target target, MeasurementSource source) {
        AnalysisRun run = new AnalysisRun(id, metrics, target, source, clock.instant());
        if (runs.putIfAbsent(id, new Entry(run, new AtomicBoolean())) != null) {
            throw new IllegalStateException("analysis '" + id + "' is already running");
        }
        return run;
    }

    /** Takes every measurement due now; returns how many runs were stepped. */
    public int tick() {
        Instant now = clock.instant();
        int stepped = 0;
        for (Entry entry : runs.values()) {
            Instant due = entry.run().nextDue();
            if (due == null || due.isAfter(now) || !entry.busy().compareAndSet(false, true)) {
                continue;
            }
            stepped++;
            executor.execute(() -> step(entry, now));
        }
        return stepped;
    }

    private void step(Entry entry, Instant now) {
        AnalysisRun run = entry.run();
        try {
            for (Measurement m : run.step(now)) {
                listener.measured(run, m);
            }
            if (run.phase().done()) {
                // Told before it stops being running: a caller asking for the run in between found it in neither
                // place and, on one engine process, took it for lost and started the analysis a second time.
                try {
                    listener.finished(run);
                } finally {
                    runs.remove(run.id());
                }
            }
        } catch (RuntimeException e) {
            // A listener that cannot store a measurement must not stop the other analyses.
            log.warn("analysis {}: a step failed: {}", run.id(), e.toString());
        } finally {
            entry.busy().set(false);
        }
    }

    /** Stops a run without a verdict (its rollout was promoted or aborted by hand); false if unknown. */
    public boolean cancel(String id) {
        return runs.remove(id) != null;
    }

    public Optional<AnalysisRun> running(String id) {
        return Optional.ofNullable(runs.get(id)).map(Entry::run);
    }

    public Collection<AnalysisRun> running() {
        return runs.values().stream().map(Entry::run).toList();
    }
}
