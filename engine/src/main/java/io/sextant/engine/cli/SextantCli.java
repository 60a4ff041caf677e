package io.sextant.engine.cli;

import io.sextant.engine.bench.BenchCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The command-line tools in {@code sextant.jar}: {@code validate} and {@code plan}. They run without
 * Spring, so they start fast and print nothing but their own output; any other arguments start the
 * engine.
 */
public final class SextantCli {

    private SextantCli() {
    }

    /** Whether {@code args} name a command-line tool rather than engine options. */
    public static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("validate") || args[0].equals("plan") || args[0].equals("bench"));
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
        int code = args[0].equals("validate") ? ValidateCommand.run(rest, out, err)
                : args[0].equals("bench") ? BenchCommand.run(rest, out, err) // starts engines of its own
                : PlanCommand.run(rest, out, err, env);
        out.flush();
        err.flush();
        return code;
    }
}
