package io.sextant.bench.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar bench/target/sextant-bench.jar}: the end-to-end benchmark (docs/benchmarks.md). Generates
 * repositories of ModelDeployments, serves them over smart HTTP, runs the real engine in this process
 * on each, and prints a Markdown table of what it measured. Everything stays on 127.0.0.1 and in a
 * temporary directory, deleted at the end unless {@code --keep}.
 */
public final class BenchCommand {

    private static final String USAGE = """
            usage: java -jar sextant-bench.jar [--sizes 100,1000,10000] [--latency-sizes 100,1000,10000]
                                               [--kube-sizes 100,1000,10000] [--commits 20] [--webhooks 10]
                                               [--repeats 5] [--transport http|file] [--keep]
              --sizes          repository sizes to measure, in ModelDeployments
              --latency-sizes  sizes that also get a first sync with 10 ms added to every backend call ('none')
              --kube-sizes     sizes that also get a first sync onto a kubernetes backend over HTTP, to an
                               in-process stand-in API server adding 10 ms to every request ('none')
              --commits        one-file commits timed per size (and for the git floor)
              --webhooks       signed webhook deliveries timed per size (1-20)
              --repeats        repetitions of idle polls, sync-now, drift scans and plans
              --transport      http: the engine fetches over smart HTTP (git http-backend, a process per
                               request); file: it reads the bare repository as a local path
              --keep           keep the generated repositories, data directories and engine logs

            usage: java -jar sextant-bench.jar --restart [--runs 5] [--jar FILE] [--jvm-args "OPTIONS"]
                                               [--backend-latency-ms 50] [--datasource-url URL
                                               --datasource-username USER --datasource-password PASSWORD] [--keep]
              --restart        time a restart after SIGKILL instead: the engine as a child JVM on its embedded
                               default, killed mid-sync and restarted on the same data directory; reports time
                               to /actuator/health UP and to its first reconcile started and finished
              --runs           kill-and-restart cycles measured
              --jar            the engine jar to start (default: engine/target/sextant.jar), e.g. an extracted one for CDS
              --jvm-args       options for the engine's JVM, e.g. "-XX:SharedArchiveFile=app.jsa"
              --datasource-url a PostgreSQL JDBC URL: run the postgres profile there, in a schema of its own
              --rollout-breach time from an SLO breach of a canary to traffic back on stable instead
                               [--interval 5s] [--runs 5]: the canary's analysis interval, and how many breaches""";

    /** The engine jar the restart bench starts unless {@code --jar} names another: the build's, from the repository root. */
    static final Path ENGINE_JAR = Path.of("engine", "target", "sextant.jar");

    private BenchCommand() {
    }

    /** The bench jar's entry point; exits with {@link #run}'s code. */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the bench; returns the process exit code (0 measured, 1 failed, 2 bad arguments). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        BenchOptions options;
        boolean keep = args.contains("--keep");
        if (args.contains("--rollout-breach")) {
            return breach(args, keep, out, err);
        }
        if (args.contains("--restart")) {
            return restart(args.stream().filter(a -> !a.equals("--restart") && !a.equals("--keep")).toList(), keep, out, err);
        }
        try {
            options = parse(args.stream().filter(a -> !a.equals("--keep")).toList());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("sextant-bench");
            err.println("bench: working in " + work + (keep ? "" : " (deleted at the end; --keep keeps it)"));
            Report report = measure(options, work, err);
            out.println(machine());
            out.println();
            report.print(out, options.sizes());
            return 0;
        } catch (Exception e) {
            err.println("bench: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (work != null && !keep) {
                delete(work);
            }
        }
    }

    private static Report measure(BenchOptions options, Path work, PrintStream progress) throws Exception {
        Report report = new Report(progress);
        Files.createDirectories(work.resolve("repos"));
        try (GitHttp git = GitHttp.serve(work.resolve("repos")); HeapSampler heap = new HeapSampler()) {
            report.note("heap limit (-Xmx) " + heap.maxMiB() + " MiB; Git transport: "
                    + (options.http() ? "smart HTTP via git http-backend on 127.0.0.1" : "local path"));
            for (int size : options.sizes()) {
                progress.printf("bench: %,d specs (load average %.2f)%n", size, loadAverage());
                new SizeRun(size, options, work, git, heap, report).run();
                report.note(String.format("load average after %,d specs: %.2f", size, loadAverage()));
            }
        }
        return report;
    }

    /** {@code --rollout-breach [--interval 5s] [--runs 5]}: see {@link BreachBench}. */
    private static int breach(List<String> args, boolean keep, PrintStream out, PrintStream err) {
        java.time.Duration interval = java.time.Duration.ofSeconds(5);
        int runs = 5;
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--rollout-breach", "--keep" -> { }
                    case "--interval" -> interval = java.time.Duration.ofSeconds(
                            Long.parseLong(args.get(++i).replaceFirst("s$", "")));
                    case "--runs" -> runs = Integer.parseInt(args.get(++i));
                    default -> throw new IllegalArgumentException("--rollout-breach takes --interval Ns and --runs N, not "
                            + args.get(i));
                }
            }
            if (runs < 1 || interval.toSeconds() < 1) {
                throw new IllegalArgumentException("--runs must be at least 1 and --interval at least 1s");
            }
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            err.println("bench: --interval takes whole seconds (5s) and --runs a whole number");
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return 2;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("sextant-breach");
            err.println("bench: working in " + work + (keep ? "" : " (deleted at the end; --keep keeps it)"));
            new BreachBench(interval, runs, work, err).run(out);
            out.println(machine());
            return 0;
        } catch (Exception e) {
            err.println("bench: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (work != null && !keep) {
                delete(work);
            }
        }
    }

    private static int restart(List<String> args, boolean keep, PrintStream out, PrintStream err) {
        RestartOptions options;
        try {
            options = parseRestart(args, keep);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("sextant-restart");
            err.println("bench: working in " + work + (keep ? "" : " (deleted at the end; --keep keeps it)"));
            new RestartBench(options, work, err).run(out);
            return 0;
        } catch (Exception e) {
            err.println("bench: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            if (work != null && !keep) {
                delete(work);
            }
        }
    }

    private static RestartOptions parseRestart(List<String> args, boolean keep) {
        Map<String, String> values = new HashMap<>(Map.of("runs", "5", "jvm-args", "", "backend-latency-ms", "50"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : "";
            if (!List.of("runs", "jar", "jvm-args", "backend-latency-ms", "datasource-url", "datasource-username",
                    "datasource-password").contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        String jvmArgs = values.get("jvm-args").trim();
        try {
            return new RestartOptions(Integer.parseInt(values.get("runs")), engineJar(values.get("jar")),
                    jvmArgs.isEmpty() ? List.of() : List.of(jvmArgs.split("\\s+")),
                    java.time.Duration.ofMillis(Long.parseLong(values.get("backend-latency-ms"))),
                    values.get("datasource-url"), values.getOrDefault("datasource-username", "sextant"),
                    values.getOrDefault("datasource-password", ""), keep);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--runs and --backend-latency-ms take whole numbers");
        }
    }

    /** The engine jar to start: {@code --jar}, or the build's; a missing one is an argument error, before anything runs. */
    private static Path engineJar(String option) {
        Path jar = (option == null ? ENGINE_JAR : Path.of(option)).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(option == null
                    ? "no engine jar at " + jar + ": build it (./mvnw -q -DskipTests package) and run from the repository"
                            + " root, or name one with --jar FILE"
                    : "--jar " + option + ": no such file");
        }
        return jar;
    }

    private static BenchOptions parse(List<String> args) {
        Map<String, String> values = new HashMap<>(Map.of("sizes", "100,1000,10000", "latency-sizes", "100,1000,10000",
                "kube-sizes", "100,1000,10000", "commits", "20", "webhooks", "10", "repeats", "5", "transport", "http"));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                return null;
            }
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : null;
            if (name == null || !values.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : null;
            if (value == null) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, value);
        }
        String transport = values.get("transport");
        if (!transport.equals("http") && !transport.equals("file")) {
            throw new IllegalArgumentException("--transport must be http or file, got '" + transport + "'");
        }
        try {
            return new BenchOptions(BenchOptions.parseSizes("--sizes", values.get("sizes")),
                    BenchOptions.parseSizes("--latency-sizes", values.get("latency-sizes")),
                    BenchOptions.parseSizes("--kube-sizes", values.get("kube-sizes")),
                    Integer.parseInt(values.get("commits")), Integer.parseInt(values.get("webhooks")),
                    Integer.parseInt(values.get("repeats")), transport.equals("http"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--commits, --webhooks and --repeats take whole numbers");
        }
    }

    private static String machine() {
        Runtime runtime = Runtime.getRuntime();
        String git;
        try {
            git = FleetRepo.Git.run(Path.of("."), null, "--version").trim();
        } catch (Exception e) {
            git = "git (version unknown)";
        }
        return String.format("Measured %s on %d CPUs, %d MiB max heap, Java %s (%s), %s, load average %.2f at the end.",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), runtime.availableProcessors(),
                runtime.maxMemory() >> 20, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                git, loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }
}
