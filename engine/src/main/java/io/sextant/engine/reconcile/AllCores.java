package io.sextant.engine.reconcile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs CPU-bound work over a list on every core, such as parsing the files of a first load (most of
 * its time on a large repository). The calling thread takes part; one helper thread per further core
 * joins it; results come back in the order of the inputs, so what the caller builds from them does
 * not depend on the interleaving.
 */
final class AllCores {

    private static final int HELPERS = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
    private static final ExecutorService POOL = HELPERS == 0 ? null : Executors.newFixedThreadPool(HELPERS, r -> {
        Thread thread = new Thread(r, "sextant-all-cores");
        thread.setDaemon(true);
        return thread;
    });

    private AllCores() {
    }

    /** Work on one item; may throw a checked exception of one type. */
    @FunctionalInterface
    interface Task<T, R, E extends Exception> {
        R apply(T item) throws E;
    }

    /**
     * {@code task} applied to every item, results in input order. Lists shorter than {@code minPerThread}
     * items per thread run on the caller alone. The first failure stops the remaining items and is thrown
     * once every thread has stopped.
     */
    @SuppressWarnings("unchecked")
    static <T, R, E extends Exception> List<R> map(List<T> items, int minPerThread, Task<T, R, E> task) throws E {
        Object[] results = new Object[items.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < results.length && failure.get() == null; i = next.getAndIncrement()) {
                try {
                    results[i] = task.apply(items.get(i));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        int helpers = Math.min(HELPERS, items.size() / Math.max(1, minPerThread) - 1);
        List<Future<?>> running = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            running.add(POOL.submit(worker));
        }
        worker.run();
        awaitAll(running);
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw (E) thrown; // only the task throws checked exceptions, and only E
        }
        return (List<R>) Arrays.asList(results);
    }

    /** Waits for the helpers, which never throw (the worker catches everything). */
    private static void awaitAll(List<Future<?>> running) {
        boolean interrupted = false;
        for (Future<?> future : running) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the helpers use the caller's data: wait for them before returning
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a worker failed outside its task", e.getCause());
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
