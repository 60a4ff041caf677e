package io.sextant.engine.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.MDC;

/**
 * Runs independent backend calls of a reconcile (observing resources, applying the steps of one plan
 * wave) concurrently, so a sync onto a backend with a network round trip per call does not take the
 * sum of the round trips. At most {@value #MAX_IN_FLIGHT} calls run at once engine-wide; each applier
 * keeps its own, lower limit per backend ({@code max-concurrency}). Appliers are thread-safe (SPI).
 * Results come back in the order of the inputs, so what the caller records stays deterministic.
 */
final class BackendCalls implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 16;

    private final ExecutorService pool;

    BackendCalls() {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
            Thread thread = new Thread(r, "sextant-backend-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * {@code call} applied to every item, concurrently; one item, or none, runs on the calling thread.
     * A call that throws fails the whole map with its exception once every call has ended.
     */
    <T, R> List<R> map(List<T> items, Function<T, R> call) {
        if (items.size() <= 1) {
            return items.stream().map(call).toList();
        }
        // Log lines of the calls keep the reconcile's context (source, commit).
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    return call.apply(item);
                } finally {
                    MDC.clear();
                }
            }));
        }
        List<R> results = new ArrayList<>(items.size());
        RuntimeException failure = null;
        for (Future<R> future : futures) {
            try {
                results.add(future.get());
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                }
                results.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("interrupted while waiting for backend calls", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
