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
 * a failing resource is retried when its backoff ends rather than at the next poll, and many failing
 * resources never pile up timers.
 */
final class RetryTimers implements AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sextant-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Pending> pending = new HashMap<>();

    private record Pending(Instant at, ScheduledFuture<?> future) {}

    RetryTimers(Clock clock) {
        this.clock = clock;
    }

    /** Runs {@code retry} at {@code at}, unless the source already has a retry due no later. */
    synchronized void schedule(String source, Instant at, Runnable retry) {
        Pending current = pending.get(source);
        if (current != null && !current.future().isDone() && !current.at().isAfter(at)) {
            return;
        }
        if (current != null) {
            current.future().cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        pending.put(source, new Pending(at, timer.schedule(retry, delay, TimeUnit.MILLISECONDS)));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
