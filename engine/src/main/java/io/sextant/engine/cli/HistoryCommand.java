package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.cli.OperatorCommand.ResourceName;
import io.sextant.engine.cli.Output.Format;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code history KIND/NS/NAME [--limit N]}: the resource's audit events, newest first. */
final class HistoryCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("history",
            "history KIND/NAMESPACE/NAME [--limit 20] " + Output.USAGE + " " + ServerClient.USAGE,
            """
            Prints a resource's audit events, newest first: TIME COMMIT PR ACTION OUTCOME ACTOR DIFF (the field
            changes, or the error of a failure). -o json|yaml prints the API's events unchanged, hashes included.""",
            Set.of("limit", "output"), Set.of("no-headers"));

    private HistoryCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, HistoryCommand::history);
    }

    private static int history(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        ResourceName resource = OperatorCommand.resource(arguments);
        Format format = Output.format(arguments);
        String limit = arguments.option("limit") == null ? "20" : arguments.option("limit");
        if (!limit.matches("[1-9]\\d{0,3}")) {
            throw new UsageException("--limit " + limit + ": expected a number from 1 to 9999");
        }
        // An unknown resource is "not found", not an empty history: a typo should not look like a quiet resource.
        // Its kind as the engine spells it, since the audit log is filtered by exact names.
        JsonNode detail = server.get(resource.apiPath());
        JsonNode events = server.get(ServerClient.path("/api/v1/audit", query(detail, limit)));
        if (Output.document(format, events, out)) {
            return ExitCode.OK;
        }
        if (events.path("items").isEmpty()) {
            err.println("No events for " + resource + ".");
            return ExitCode.OK;
        }
        AuditTable.of(events).print(out, !arguments.flag("no-headers"));
        return ExitCode.OK;
    }

    /** The audit query of the resource {@code item} (from the API) and its newest {@code limit} events. */
    static Map<String, String> query(JsonNode item, String limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("kind", Output.text(item.path("kind")));
        query.put("namespace", Output.text(item.path("namespace")));
        query.put("name", Output.text(item.path("name")));
        query.put("limit", limit);
        return query;
    }
}
