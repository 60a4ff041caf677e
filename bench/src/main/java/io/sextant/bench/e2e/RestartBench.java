package io.sextant.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench --restart}: how fast an engine killed with SIGKILL is back. Runs the engine as a child JVM on
 * the embedded default (H2 and the sample repository in a data directory; or PostgreSQL with
 * {@code --datasource-url}), and repeatedly commits a change to the sample repository, asks for a sync,
 * kills the engine while that reconcile runs, restarts it on the same data directory (and database) and
 * times, from the moment the process is started: {@code /actuator/health} UP, its first reconcile started,
 * and its first reconcile of every source finished.
 */
final class RestartBench {

    /** The sample repository's one source. */
    private static final int SOURCES = 1;
    private static final String ADMIN_TOKEN = "bench-restart-admin-token";
    private static final String SPEC = "teams/search/llama-3-8b-chat.yaml";

    private final RestartOptions options;
    private final Path work;
    private final PrintStream progress;

    RestartBench(RestartOptions options, Path work, PrintStream progress) {
        this.options = options;
        this.work = work;
        this.progress = progress;
    }

    void run(PrintStream out) throws Exception {
        double loadBefore = loadAverage();
        Path dataDir = Files.createDirectories(work.resolve("data"));
        Path log = work.resolve("engine.log");
        String schema = null;
        List<String> engineArgs = new ArrayList<>(List.of("--sextant.data-dir=" + dataDir,
                "--spring.config.additional-location=file:" + writeConfig()));
        if (options.postgres()) {
            schema = "sextant_restart_" + System.currentTimeMillis();
            sql(options.datasourceUrl(), "create schema " + schema);
            String url = options.datasourceUrl() + (options.datasourceUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
            engineArgs.addAll(List.of("--spring.profiles.active=postgres", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=" + options.datasourceUsername(),
                    "--spring.datasource.password=" + options.datasourcePassword()));
        }
        Samples healthy = new Samples();
        Samples started = new Samples();
        Samples finished = new Samples();
        int killedMidRun = 0;
        try {
            progress.println("bench: first start on " + dataDir + " (not measured); engine log " + log);
            EngineProcess engine = EngineProcess.start(options.jar(), options.jvmArgs(), engineArgs, log);
            engine.awaitHealthy();
            engine.awaitReconcilesFinished(SOURCES);
            for (int run = 1; run <= options.runs(); run++) {
                commitChange(dataDir.resolve("sample-repo"), run);
                engine.syncNow(ADMIN_TOKEN);
                killedMidRun += engine.awaitReconciling(java.time.Duration.ofSeconds(10)) ? 1 : 0;
                engine.kill();
                engine = EngineProcess.start(options.jar(), options.jvmArgs(), engineArgs, log);
                engine.awaitHealthy();
                healthy.addNanos(engine.elapsedNanos(), engine.cpuNanos());
                engine.awaitReconcileStarted();
                started.addNanos(engine.elapsedNanos());
                engine.awaitReconcilesFinished(SOURCES);
                finished.addNanos(engine.elapsedNanos(), engine.cpuNanos());
                progress.printf(Locale.ROOT, "bench: restart %d: healthy %s, reconcile started %s, finished %s%n", run,
                        Samples.ms(healthy.last()), Samples.ms(started.last()), Samples.ms(finished.last()));
            }
            engine.close();
        } finally {
            if (schema != null && !options.keep()) {
                sql(options.datasourceUrl(), "drop schema " + schema + " cascade");
            }
        }
        out.printf(Locale.ROOT, "Restart after SIGKILL, %s, %d runs; JVM options: %s; engine: %s.%n%n",
                options.postgres() ? "PostgreSQL profile (" + options.datasourceUrl() + ", schema " + schema + ")"
                        : "embedded default (H2 file, sample repository)",
                options.runs(), options.jvmArgs().isEmpty() ? "none" : String.join(" ", options.jvmArgs()),
                options.jar());
        out.println("| from process start to | median (p90, n) · process CPU |");
        out.println("| --- | ---: |");
        out.println("| `/actuator/health` UP | " + healthy.summary() + " |");
        out.println("| first reconcile started | " + started.summary() + " |");
        out.println("| first reconcile of every source finished | " + finished.summary() + " |");
        out.println();
        out.printf(Locale.ROOT, "- %d of %d kills landed while a reconcile was running (sim backend with %s per call)%n",
                killedMidRun, options.runs(), options.backendLatency());
        out.printf(Locale.ROOT, "- load average %.2f before, %.2f after, on %d CPUs; Java %s%n", loadBefore, loadAverage(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    /** The sample fleet on the embedded default's backend, with a latency per call so that a sync lasts long enough to be killed. */
    private Path writeConfig() throws IOException {
        String yaml = """
                sextant:
                  api:
                    admin-token: %s
                  sample:
                    enabled: true
                  backends:
                    - name: sim-local
                      type: sim
                      latency: %dms
                      gpus: {H100-80GB: 8, A100-40GB: 8, L4-24GB: 8}
                """.formatted(ADMIN_TOKEN, options.backendLatency().toMillis());
        return Files.writeString(work.resolve("application.yaml"), yaml, StandardCharsets.UTF_8);
    }

    /** A commit that changes one deployment's replicas (2 and 3 in turn), so the next sync has a step to run. */
    private static void commitChange(Path repo, int run) throws IOException, InterruptedException {
        Path spec = repo.resolve(SPEC);
        String text = Files.readString(spec, StandardCharsets.UTF_8);
        String changed = run % 2 == 1 ? text.replace("replicas: 2", "replicas: 3") : text.replace("replicas: 3", "replicas: 2");
        Files.writeString(spec, changed, StandardCharsets.UTF_8);
        FleetRepo.Git.run(repo, null, "-c", "user.name=bench", "-c", "user.email=bench@example.com",
                "commit", "-q", "-am", "bench: restart " + run);
    }

    private void sql(String url, String statement) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, options.datasourceUsername(),
                options.datasourcePassword()); Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
