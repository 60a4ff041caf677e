package io.sextant.bench.e2e;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.status.ResourceTracker;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.env.Environment;

/**
 * The real engine, started in this process on a generated repository, with one source
 * ({@value #SOURCE}) and one backend ({@code sim}, or {@code kubernetes} on {@link KubeStandIn}). Every {@link ReconcileFinished} is queued with the
 * moment it was published, so the bench times runs from inside without polling the API.
 */
final class BenchEngine implements AutoCloseable {

    static final String SOURCE = "fleet";
    static final String ADMIN_TOKEN = "bench-admin-token";

    /**
     * A finished reconcile, when it was published ({@link System#nanoTime()}), and the CPU time its
     * thread spent since the previous run on that thread ended: the run's own CPU time, since a
     * source's worker thread does nothing else. On a shared machine that is steadier than wall time.
     */
    record Finished(ReconcileFinished event, long atNanos, long cpuNanos) {}

    private final ConfigurableApplicationContext context;
    private final BlockingQueue<Finished> finished;

    private BenchEngine(ConfigurableApplicationContext context, BlockingQueue<Finished> finished) {
        this.context = context;
        this.finished = finished;
    }

    /**
     * The settings of a {@code sim} backend with {@code gpus} H100s.
     *
     * @param latency added to every sim call, standing in for an HTTP backend's round trip (or null)
     */
    static Map<String, String> sim(int gpus, String latency) {
        Map<String, String> sim = new LinkedHashMap<>(Map.of("type", "sim", "gpus[H100-80GB]", Integer.toString(gpus)));
        if (latency != null) {
            sim.put("latency", latency);
        }
        return sim;
    }

    /**
     * @param backend the settings of backend {@value FleetRepo#BACKEND} ({@code type} and its own), such as {@link #sim}
     * @param webhookSecret file holding the source's webhook secret
     */
    static BenchEngine start(Path dataDir, String repoUrl, Map<String, String> backend, Path webhookSecret) {
        BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
        List<String> args = new ArrayList<>(List.of(
                // Hermetic: only the jar's own application.yaml, not one lying in the working directory.
                "--spring.config.location=classpath:/application.yaml",
                "--server.port=0",
                "--sextant.data-dir=" + dataDir,
                "--sextant.api.admin-token=" + ADMIN_TOKEN,
                "--sextant.sources[0].name=" + SOURCE,
                "--sextant.sources[0].url=" + repoUrl,
                "--sextant.sources[0].paths[0]=teams/",
                // The bench triggers every run itself; no scheduled poll or drift scan may interleave.
                "--sextant.sources[0].poll-interval=1h",
                "--sextant.drift.interval=1h",
                "--sextant.sources[0].webhook.secret-file=" + webhookSecret,
                "--sextant.sync.max-deletions=100000",
                "--sextant.backends[0].name=" + FleetRepo.BACKEND,
                // The engine logs every step at INFO, as in production, but to a file, not the bench's console.
                "--logging.file.name=" + dataDir.resolve("engine.log"),
                "--logging.threshold.console=OFF",
                // Drift scans heal what they find, so a scan with one drifted resource applies one step.
                "--sextant.sync.self-heal=true"));
        backend.forEach((setting, value) -> args.add("--sextant.backends[0]." + setting + "=" + value));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpuAtLastRun = new ConcurrentHashMap<>();
        ApplicationListener<PayloadApplicationEvent<?>> listener = event -> {
            if (event.getPayload() instanceof ReconcileFinished done) {
                long now = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                Long before = cpuAtLastRun.put(Thread.currentThread().getId(), cpu);
                finished.add(new Finished(done, now, cpu - (before == null ? 0 : before)));
            }
        };
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SextantApplication.class)
                .listeners(listener)
                .run(args.toArray(String[]::new));
        return new BenchEngine(context, finished);
    }

    Reconciler reconciler() {
        return context.getBean(Reconciler.class);
    }

    ResourceTracker tracker() {
        return context.getBean(ResourceTracker.class);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return Integer.parseInt(context.getBean(Environment.class).getProperty("local.server.port", "0"));
    }

    /** Waits for the next finished reconcile that matches; earlier ones that do not are dropped. */
    Finished awaitFinished(Predicate<ReconcileFinished> matching, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Finished next = finished.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new IllegalStateException("no matching reconcile finished within " + timeout);
            }
            if (matching.test(next.event())) {
                return next;
            }
        }
    }

    void forgetFinished() {
        finished.clear();
    }

    /** How many Git network operations of a kind ({@code ls_remote}, {@code fetch}) the engine made so far. */
    long gitOperations(String operation) {
        return context.getBean(MeterRegistry.class).find("sextant.git.operation").tag("operation", operation)
                .timers().stream().mapToLong(Timer::count).sum();
    }

    /** The time the engine spent in Git network operations (ls-remote, fetches) so far, in nanoseconds. */
    long gitNanos() {
        return (long) context.getBean(MeterRegistry.class).find("sextant.git.operation").timers().stream()
                .mapToDouble(timer -> timer.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).sum();
    }

    @Override
    public void close() {
        context.close();
    }
}
