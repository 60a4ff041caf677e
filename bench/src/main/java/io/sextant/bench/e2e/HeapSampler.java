package io.sextant.bench.e2e;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The highest heap use seen, sampled every 10 ms on a daemon thread (MemoryMXBean), and the live set
 * after a full collection. Sampling can miss a short spike between samples; GC logs
 * ({@code -Xlog:gc}) give the exact figures.
 */
final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile long peak;
    private volatile boolean running = true;

    HeapSampler() {
        thread = new Thread(this::sample, "bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The peak since the last reset, in MiB. */
    long peakMiB() {
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed()) >> 20;
    }

    void reset() {
        peak = memory.getHeapMemoryUsage().getUsed();
    }

    /** Heap in use after a full collection: what the engine keeps, in MiB. */
    long liveMiB() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed() >> 20;
    }

    /** The heap's limit (-Xmx), in MiB. */
    long maxMiB() {
        return memory.getHeapMemoryUsage().getMax() >> 20;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
