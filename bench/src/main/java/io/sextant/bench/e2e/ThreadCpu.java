package io.sextant.bench.e2e;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of every live thread of this JVM, by thread name with its numbers dropped (a pool's threads
 * together), and the JIT compilers' time, at one moment. The difference of two snapshots says where a
 * measured interval's CPU went: a first sync onto {@code kubernetes} runs on the backend-call pool, the
 * HTTP client's threads and the informers', not only on the reconcile thread the run's own CPU figure
 * counts, and the stand-in API server shares the same two cores. Threads that ended in between are
 * missing from the difference, so it is a lower bound.
 */
record ThreadCpu(Map<String, Long> nanosByGroup, long compilationMillis) {

    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long nanos = threads.getThreadCpuTime(id);
            if (info != null && nanos > 0) {
                byGroup.merge(group(info.getThreadName()), nanos, Long::sum);
            }
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compiling = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        return new ThreadCpu(Map.copyOf(byGroup), compiling);
    }

    /** The CPU spent since {@code before}, by group, in nanoseconds. */
    Map<String, Long> since(ThreadCpu before) {
        Map<String, Long> spent = new HashMap<>();
        nanosByGroup.forEach((group, nanos) -> {
            long delta = nanos - before.nanosByGroup.getOrDefault(group, 0L);
            if (delta > 0) {
                spent.put(group, delta);
            }
        });
        return spent;
    }

    long compilationMillisSince(ThreadCpu before) {
        return compilationMillis - before.compilationMillis;
    }

    private static String group(String threadName) {
        return threadName.replaceAll("[0-9]+", "N");
    }
}
