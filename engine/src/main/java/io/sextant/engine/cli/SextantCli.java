package io.sextant.engine.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command-line tools in {@code sextant.jar}: {@code validate}, {@code plan}, the operator's commands
 * against a running engine ({@code get}, {@code describe}, {@code history}, {@code diff}, {@code sync},
 * {@code suspend}, {@code resume}, {@code wait}), {@code completion}, {@code help}
 * ({@code --help}, {@code -h}) and {@code version} ({@code --version}). They run without
 * Spring, so they start fast, print nothing but their own output and never create the engine's data
 * directory; any other arguments start the engine.
 */
public final class SextantCli {

    private SextantCli() {
    }

    private static final List<String> HELP = List.of("help", "--help", "-h", "-help", "-?");
    private static final List<String> VERSION = List.of("version", "--version", "-version", "-V");

    static final String USAGE = """
            usage: java -jar sextant.jar [--spring.config.additional-location=FILE] [--KEY=VALUE ...]
                   java -jar sextant.jar validate [--config FILE] [--plugins-dir DIR] [--paths P,...] DIR
                   java -jar sextant.jar plan --server URL [--revision REV] [--source NAME] [--token TOKEN]
                   java -jar sextant.jar get resources|sources|backends [-n NS] [--kind K] [-l K=V] [-o FORMAT]
                   java -jar sextant.jar describe|history KIND/NAMESPACE/NAME
                   java -jar sextant.jar diff [KIND/NAMESPACE/NAME]
                   java -jar sextant.jar sync [--source NAME] [--wait] [--timeout 2m]
                   java -jar sextant.jar suspend|resume KIND/NAMESPACE/NAME|source/NAME [--reason TEXT]
                   java -jar sextant.jar wait KIND/NAMESPACE/NAME|--all [--for Synced|Healthy|condition=T] [--timeout 2m]
                   java -jar sextant.jar completion bash|zsh
                   java -jar sextant.jar rollout status [KIND/NS/NAME] | promote|abort KIND/NS/NAME [--server URL]
                   java -jar sextant.jar rollback KIND/NS/NAME [--to COMMIT] [--server URL]
                   java -jar sextant.jar help | version

            Without a command, starts the engine: it reads application.yaml from the working directory
            (or ./config/), the files named by --spring.config.additional-location, --sextant.* options
            and SEXTANT_* environment variables. With neither sextant.sources nor sextant.backends
            configured it runs the embedded sample fleet. The engine refuses to start on a configuration
            mistake, naming the key.
            The operator's commands (get ... wait) find the engine at --server, SEXTANT_SERVER or
            http://localhost:8080 and read the token from SEXTANT_TOKEN or --token-file.
            %s
            Each command takes --help. See README.md. The end-to-end bench is a jar of its own:
            java -jar bench/target/sextant-bench.jar (docs/benchmarks.md).""".formatted(ExitCode.TABLE);

    /** Where the bench went: it is tooling, not product, so it left this jar (docs/benchmarks.md). */
    static final String BENCH_MOVED = """
            bench: the end-to-end bench is no longer part of sextant.jar. Build and run it with
              ./mvnw -q -pl bench -am package -DskipTests
              java -jar bench/target/sextant-bench.jar [--restart] ...
            (docs/benchmarks.md).""";

    /** Whether {@code args} name a command-line tool rather than engine options. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (tool(args[0]) || engineHelp(args));
    }

    private static final List<String> TOOLS = List.of("validate", "plan", "bench", "get", "describe", "history", "diff",
            "sync", "suspend", "resume", "wait", "completion");

    private static boolean tool(String command) {
        return TOOLS.contains(command);
    }

    /** {@code help} or {@code version} as the command, or {@code --help} among the engine's options. */
    private static boolean engineHelp(String[] args) {
        return !tool(args[0]) && Arrays.stream(args).anyMatch(a -> HELP.contains(a) || VERSION.contains(a));
    }

    /**
     * Runs the tool {@code args} name; returns the process exit code. Output is UTF-8 whatever the
     * platform's default (a container's POSIX locale would turn the plan's arrows into '?').
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), System.getenv());
    }

    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (engineHelp(args)) {
            out.println(Arrays.stream(args).anyMatch(HELP::contains) ? USAGE : "sextant " + version());
            out.flush();
            return 0;
        }
        int code = switch (args[0]) {
            case "validate" -> ValidateCommand.run(rest, out, err);
            case "bench" -> benchMoved(err);
            case "plan" -> PlanCommand.run(rest, out, err, env);
            case "get" -> GetCommand.run(rest, out, err, env);
            case "describe" -> DescribeCommand.run(rest, out, err, env);
            case "history" -> HistoryCommand.run(rest, out, err, env);
            case "diff" -> DiffCommand.run(rest, out, err, env);
            case "sync" -> SyncCommand.run(rest, out, err, env);
            case "suspend", "resume" -> SuspendCommand.run(args[0], rest, out, err, env);
            case "wait" -> WaitCommand.run(rest, out, err, env);
            case "rollout" -> RolloutCommand.run(rest, out, err, env);
            case "rollback" -> RollbackCommand.run(rest, out, err, env);
            case "completion" -> CompletionCommand.run(rest, out, err);
            default -> throw new IllegalArgumentException("not a command: " + args[0]);
        };
        out.flush();
        err.flush();
        return code;
    }

    /**
     * {@code bench} is still recognised, so that a command from older notes fails with where to find the bench
     * instead of starting an engine that ignores the word.
     */
    private static int benchMoved(PrintStream err) {
        err.println(BENCH_MOVED);
        return 2;
    }

    /** The jar's version (its manifest's Implementation-Version); classes outside a jar have none. */
    static String version() {
        String version = SextantCli.class.getPackage().getImplementationVersion();
        return version == null ? "(development build, not from a jar)" : version;
    }
}
