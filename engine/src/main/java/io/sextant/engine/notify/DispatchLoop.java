package io.sextant.engine.notify;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the dispatcher every {@code dispatch-interval} on one daemon thread of each replica, from start-up (rows
 * a previous run left are delivered then) until shutdown. Without channels there is nothing to run.
 */
final class DispatchLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);

    private final Dispatcher dispatcher;
    private final Outbox outbox;
    private final NotificationMetrics metrics;
    private final Duration interval;
    private final boolean enabled;
    private final java.time.Clock clock;
    private final Duration retention;
    private ScheduledExecutorService executor;

    DispatchLoop(Dispatcher dispatcher, Outbox outbox, NotificationMetrics metrics, Duration interval, boolean enabled,
                 java.time.Clock clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.metrics = metrics;
        this.interval = interval;
        this.enabled = enabled;
    }

    @Override
    public synchronized void start() {
        if (!enabled || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sextant-notifications");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::round, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            dispatcher.dispatch();
            outbox.purge(clock.instant().minus(retention));
            metrics.pending(outbox.counts());
        } catch (RuntimeException e) {
            // The database may be away for a moment; the next round tries again.
            log.warn("notification dispatch round failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            dispatcher.close();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
