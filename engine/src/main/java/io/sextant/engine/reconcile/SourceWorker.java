package io.sextant.engine.reconcile;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source's reconciles one at a time. Triggers that arrive while a reconcile runs are
 * coalesced into a single follow-up run (level-triggered: the follow-up sees everything), keeping
 * the strongest trigger.
 */
final class SourceWorker {

    private static final Logger log = LoggerFactory.getLogger(SourceWorker.class);

    private final String source;
    private final Executor executor;
    private final Consumer<Trigger> reconcile;
    private final AtomicReference<Trigger> pending = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object idle = new Object();

    SourceWorker(String source, Executor executor, Consumer<Trigger> reconcile) {
        this.source = source;
        this.executor = executor;
        this.reconcile = reconcile;
    }

    void request(Trigger trigger) {
        pending.accumulateAndGet(trigger, Trigger::strongest);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            Trigger next;
            while ((next = pending.getAndSet(null)) != null) {
                try {
                    reconcile.accept(next);
                } catch (RuntimeException e) {
                    log.error("source {}: reconcile failed unexpectedly", source, e);
                }
            }
        } finally {
            running.set(false);
            synchronized (idle) {
                idle.notifyAll();
            }
        }
        // A trigger may have arrived between the last poll of `pending` and clearing `running`.
        if (pending.get() != null && running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** Waits until no reconcile is running or queued; for tests and orderly shutdown. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (idle) {
            while (running.get() || pending.get() != null) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.min(left, 50));
            }
        }
        return true;
    }
}
