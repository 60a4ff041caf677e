package io.sextant.bench.e2e;

import io.sextant.plugin.Health;
import io.sextant.bench.e2e.BenchEngine.Finished;
import io.sextant.engine.status.TrackedResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * The first sync of a generated repository onto a {@code kubernetes} backend (fabric8 over the JDK HTTP
 * client, server-side apply) talking to a {@link KubeStandIn} that adds {@value #LATENCY_MS} ms to every
 * request: the engine's own cost plus real HTTP round trips, where the {@code sim} backend's
 * {@code latency} only sleeps. Fails unless every spec became a Deployment and a Service, each written
 * by exactly one apply, and every resource reads back Healthy at the commit.
 */
final class KubeFirstSync {

    static final int LATENCY_MS = 10;
    /** The Kubernetes namespace the backend writes to; every Sextant namespace shares it. */
    static final String NAMESPACE = "inference";

    private static final Duration LONG = Duration.ofMinutes(60);

    private final FleetRepo repo;
    private final String url;
    private final Path dataDir;
    private final Path webhookSecret;
    private final Report report;

    KubeFirstSync(FleetRepo repo, String url, Path dataDir, Path webhookSecret, Report report) {
        this.repo = repo;
        this.url = url;
        this.dataDir = dataDir;
        this.webhookSecret = webhookSecret;
        this.report = report;
    }

    /** Runs on a fresh stand-in API server. */
    void run() throws Exception {
        try (KubeStandIn kube = KubeStandIn.start(Duration.ofMillis(LATENCY_MS))) {
            run(kube);
        }
    }

    /** Runs onto {@code kube}, which must be empty; the objects stay there. */
    void run(KubeStandIn kube) throws Exception {
        int size = repo.size();
        String head = repo.head("main");
        ThreadCpu before = ThreadCpu.now();
        try (BenchEngine engine = BenchEngine.start(dataDir, url, backend(kube.url()), webhookSecret)) {
            Finished first = engine.awaitFinished(e -> e.commit() != null && e.commit().id().equals(head), LONG);
            ThreadCpu after = ThreadCpu.now();
            SizeRun.expectApplied(first, size);
            Map<String, Long> requests = kube.requests();
            verify(kube, engine, size, head);
            // The engine now holds the fleet and, with watches, 2 cached objects per spec (Deployment, Service).
            report.put("… live heap after full GC, engine holding the fleet (backend watch: " + WATCH + ")", size,
                    liveMiB() + " MiB");
            report.put("first sync onto kubernetes over HTTP, " + LATENCY_MS + " ms per request (engine run)", size,
                    Samples.ms(first.event().duration().toMillis()) + " · CPU " + Samples.ms(first.cpuNanos() / 1e6));
            long total = requests.values().stream().mapToLong(Long::longValue).sum();
            report.put("… its API requests per resource (total = gets + lists + watches + applies)", size, String.format(Locale.ROOT,
                    "%.2f (%,d = %,d + %,d + %,d + %,d; %.2f applies per resource)", (double) total / size, total,
                    kube.requests("get"), kube.requests("list"), kube.requests("watch"), kube.requests("apply"),
                    (double) kube.requests("apply") / size));
            // The backend holds at most max-concurrency requests in flight: its round trips cannot take less.
            report.put("… CPU of all threads, engine start to synced (stand-in API server's share; JIT compiling)", size,
                    cpu(after.since(before), after.compilationMillisSince(before)));
            report.put("… its requests × " + LATENCY_MS + " ms ÷ peak requests in flight (the round trips' floor)", size,
                    Samples.ms((double) total * LATENCY_MS / kube.peakInFlight()) + " (peak " + kube.peakInFlight()
                            + " in flight)");
        }
    }

    /**
     * Whether the backend watches (its default) or reads with a GET per object: {@code -Dsextant.bench.kube-watch=false}
     * measures the other, for the heap the watch caches cost.
     */
    static final String WATCH = System.getProperty("sextant.bench.kube-watch", "true");

    /**
     * A {@code kubernetes} backend as a user configures one by URL, with the backend's default concurrency. The
     * stand-in streams watches over HTTP only (the JDK's HTTP server cannot upgrade to a WebSocket), so the backend
     * watches as a user behind a proxy without WebSockets sets it; with the default transport fabric8 would wait a
     * reconnect interval (1 s) after the refused upgrade, which a real API server, serving both, does not cost.
     */
    static Map<String, String> backend(String apiServer) {
        return Map.of("type", "kubernetes", "url", apiServer, "namespace", NAMESPACE, "watch", WATCH,
                "watch-transport", "http");
    }

    /**
     * Every spec is a Deployment and a Service named {@code <namespace>--<name>} (the backend's naming), each
     * applied once and never deleted, and every tracked resource is Healthy at {@code commit}.
     */
    static void verify(KubeStandIn kube, BenchEngine engine, int size, String commit) {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < size; i++) {
            expected.add(NAMESPACE + "/" + FleetRepo.team(i) + "--" + FleetRepo.name(i));
        }
        for (KubeWire.Type type : List.of(KubeWire.DEPLOYMENT, KubeWire.SERVICE)) {
            Set<String> live = kube.objects().all(type).stream().map(KubeFirstSync::namespacedName).collect(Collectors.toSet());
            if (!live.equals(expected)) {
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(live);
                throw new IllegalStateException("after the first sync the API server holds " + live.size() + " "
                        + type.kind() + "s for " + size + " specs; missing for example " + missing.stream().limit(3).toList());
            }
        }
        Map<String, Long> requests = kube.requests();
        long applies = kube.requests("apply");
        if (applies != 2L * size || kube.requests("delete") != 0) {
            throw new IllegalStateException("expected one apply per Deployment and per Service (" + 2 * size
                    + ") and no delete on the first sync, the API server saw " + requests);
        }
        Collection<TrackedResource> tracked = engine.tracker().all();
        List<TrackedResource> unhealthy = tracked.stream()
                .filter(r -> r.health() != Health.HEALTHY || !commit.equals(r.appliedRevision())).toList();
        if (tracked.size() != size || !unhealthy.isEmpty()) {
            String example = unhealthy.isEmpty() ? "" : ", such as " + unhealthy.get(0).key() + ": " + unhealthy.get(0).health()
                    + " " + unhealthy.get(0).message() + " (applied " + unhealthy.get(0).appliedRevision() + ")";
            throw new IllegalStateException(unhealthy.size() + " of " + tracked.size() + " tracked resources (" + size
                    + " specs) are not Healthy at " + commit + example);
        }
    }

    /**
     * Every thread's CPU over the start and first sync, the stand-in's part of it ({@code bench-kube-api}, the
     * JDK HTTP server's dispatcher), the three largest groups, and the JIT compilers' time: the first sync is
     * bounded by the two cores, not by round trips, and this says what shares them.
     */
    private static String cpu(Map<String, Long> spent, long compilingMillis) {
        long total = spent.values().stream().mapToLong(Long::longValue).sum();
        long standIn = spent.entrySet().stream().filter(e -> e.getKey().startsWith("bench-kube-api")
                || e.getKey().startsWith("HTTP-Dispatcher")).mapToLong(Map.Entry::getValue).sum();
        String largest = spent.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                .map(e -> e.getKey() + " " + Samples.ms(e.getValue() / 1e6)).collect(Collectors.joining(", "));
        return Samples.ms(total / 1e6) + " (stand-in " + Samples.ms(standIn / 1e6) + "; JIT " + Samples.ms(compilingMillis)
                + "); largest: " + largest;
    }

    private static long liveMiB() {
        System.gc();
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static String namespacedName(ObjectNode object) {
        return object.path("metadata").path("namespace").asString("") + "/" + object.path("metadata").path("name").asString("");
    }
}
