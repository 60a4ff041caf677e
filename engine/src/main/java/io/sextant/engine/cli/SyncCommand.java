package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code sync [--source NAME] [--wait [--timeout 2m]]}: "sync now" ({@code POST /api/v1/sync}); with
 * {@code --wait}, until each source has reconciled again, failing when its newest commit is not applied.
 */
final class SyncCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("sync",
            "sync [--source NAME] [--wait] [--timeout 2m] " + ServerClient.USAGE,
            """
            Asks the engine to reconcile a source (default: every source) now; needs an admin or operator token.
            --wait waits until each has finished a run, then exits 0 if its newest commit is applied, 1 with the
            reason if not (spec errors, a blocked or failed step), 5 after --timeout (default 2m).""",
            Set.of("source", "timeout"), Set.of("wait"));

    private SyncCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, SyncCommand::sync);
    }

    private static int sync(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        if (!arguments.operands().isEmpty()) {
            throw new UsageException("unexpected argument " + arguments.operands().get(0));
        }
        Duration timeout = Polling.timeout(arguments);
        boolean wait = arguments.flag("wait");
        // When each source last asked Git, before this request: waiting ends at a run that asked Git after it.
        // (Not lastReconciledAt: drift scans finish runs too, without fetching the new commit.)
        Map<String, String> before = wait ? lastChecks(server) : Map.of();
        Map<String, String> query = new HashMap<>();
        query.put("source", arguments.option("source"));
        JsonNode accepted = server.post(ServerClient.path("/api/v1/sync", query)).path("accepted");
        List<String> names = new ArrayList<>();
        accepted.forEach(name -> names.add(name.asString()));
        out.println("sync requested: " + (names.isEmpty() ? "(no sources)" : String.join(", ", names)));
        if (!wait) {
            return ExitCode.OK;
        }
        Map<String, JsonNode> done = new HashMap<>();
        boolean met = Polling.until(timeout, () -> {
            for (JsonNode source : server.get("/api/v1/sources").path("items")) {
                String name = Output.text(source.path("name"));
                String last = Output.text(source.path("lastCheckedAt"));
                if (names.contains(name) && !source.path("reconciling").asBoolean()
                        && !last.isEmpty() && !last.equals(before.get(name))) {
                    done.put(name, source);
                }
            }
            return done.keySet().containsAll(names);
        });
        if (!met) {
            names.removeAll(done.keySet());
            err.println("error: timed out after " + timeout.toSeconds() + "s waiting for " + String.join(", ", names));
            return ExitCode.TIMED_OUT;
        }
        int code = ExitCode.OK;
        for (String name : names) {
            JsonNode source = done.get(name);
            String reason = Output.text(source.path("notAppliedReason"));
            if (reason.isEmpty()) {
                out.println("source " + name + ": synced at " + Output.shortId(source.path("lastSyncedRevision")));
            } else {
                err.println("error: source " + name + ": " + Output.shortId(source.path("lastSeenRevision"))
                        + " is not applied: " + reason);
                code = ExitCode.ERROR;
            }
        }
        return code;
    }

    private static Map<String, String> lastChecks(ServerClient server) throws CliFailure {
        Map<String, String> checks = new HashMap<>();
        for (JsonNode source : server.get("/api/v1/sources").path("items")) {
            checks.put(Output.text(source.path("name")), Output.text(source.path("lastCheckedAt")));
        }
        return checks;
    }
}
