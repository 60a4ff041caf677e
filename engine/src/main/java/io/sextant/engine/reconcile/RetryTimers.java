package io.sextant.engine.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pending retry of each source, on this process: one timer per source, the earliest asked for, so
 * a failing resource is retried when its backoff ends (and a change held by a sync window applied when the
 * window lets it) rather than at the next poll, and many failing resources never pile up timers.
 *
 * <p>A timer is due when the engine's {@link Clock} reaches its time, not after a delay measured once: it
 * looks at the clock again at least every {@link #RECHECK}, so a clock that jumps (NTP, a suspended VM,
 * a test's hand-moved clock) fires it within that of the time it names, never hours late.
 */
final class RetryTimers implements AutoCloseable {

    /** How often a pending timer looks at the clock again; a wake-up a second per source with one pending. */
    static final Duration RECHECK = Duration.ofSeconds(1);

    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sextant-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Pending> pending = new HashMap<>();

    private record Pending(Instant at, Runnable retry, ScheduledFuture<?> future) {}

    RetryTimers(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code retry} at {@code at}, unless the source already has a retry due no later. */
    synchronized void schedule(String source, Instant at, Runnable retry) {
        Pending current = pending.get(source);
        if (current != null && !current.at().isAfter(at)) {
            return;
        }
        if (current != null) {
            current.future().cancel(false);
        }
        pending.put(source, new Pending(at, retry, arm(source, at)));
    }

    private ScheduledFuture<?> arm(String source, Instant at) {
        long delay = Math.max(0, Math.min(RECHECK.toMillis(), Duration.between(clock.instant(), at).toMillis()));
        return timer.schedule(() -> due(source, at), delay, TimeUnit.MILLISECONDS);
    }

    private void due(String source, Instant at) {
        Runnable retry;
        synchronized (this) {
            Pending current = pending.get(source);
            if (current == null || !current.at().equals(at)) {
                return; // replaced by an earlier one
            }
            if (clock.instant().isBefore(at)) {
                pending.put(source, new Pending(at, current.retry(), arm(source, at)));
                return;
            }
            pending.remove(source);
            retry = current.retry();
        }
        retry.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
