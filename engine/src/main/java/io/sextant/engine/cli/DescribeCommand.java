package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code describe KIND/NS/NAME}: one resource for a person: its status, conditions, the difference between
 * desired and observed, and its last five audit events, as {@code kubectl describe} ends with events.
 */
final class DescribeCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("describe",
            "describe KIND/NAMESPACE/NAME " + ServerClient.USAGE,
            "Prints a resource's status, conditions, desired vs observed difference and last 5 audit events.",
            Set.of(), Set.of());

    private DescribeCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, DescribeCommand::describe);
    }

    private static int describe(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        JsonNode detail = server.get(OperatorCommand.resource(arguments).apiPath());
        JsonNode events = server.get(ServerClient.path("/api/v1/audit", HistoryCommand.query(detail, "5")));
        Table fields = new Table(List.of("FIELD", "VALUE"));
        for (String field : List.of("kind", "namespace", "name", "source", "backend", "sync", "health", "operation",
                "message", "desiredRevision", "appliedRevision", "lastSyncedAt", "summary")) {
            fields.row(List.of(label(field) + ":", Output.text(detail.path(field))));
        }
        if (detail.path("attempts").asInt() > 0) {
            fields.row(List.of("Attempts:", detail.path("attempts").asInt() + ", next at "
                    + Output.text(detail.path("nextAttemptAt"))));
        }
        fields.print(out, false);
        out.println("Conditions:");
        Table conditions = new Table(List.of("TYPE", "STATUS", "REASON", "MESSAGE"));
        for (JsonNode condition : detail.path("conditions")) {
            conditions.row(List.of(Output.text(condition.path("type")), Output.text(condition.path("status")),
                    Output.text(condition.path("reason")), Output.text(condition.path("message"))));
        }
        conditions.print(out, true, "  ");
        out.println("Diff (observed → desired):");
        if (detail.path("diff").isEmpty()) {
            out.println("  (none: live state matches Git)");
        }
        for (String line : DiffCommand.lines(detail.path("diff"))) {
            out.println("  " + line);
        }
        out.println("Events (newest " + events.path("items").size() + "):");
        if (events.path("items").isEmpty()) {
            out.println("  (none)");
        } else {
            AuditTable.of(events).print(out, true, "  ");
        }
        return ExitCode.OK;
    }

    /** {@code desiredRevision} as {@code Desired revision}. */
    private static String label(String field) {
        String spaced = field.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
