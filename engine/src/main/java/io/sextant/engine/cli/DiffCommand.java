package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code diff [KIND/NS/NAME]}: the live difference between Git and the backends, of every OutOfSync resource
 * or of one, printed like a unified diff (observed {@code -}, desired {@code +}). Exit 0 no difference, 2
 * differences, as {@code kubectl diff} and {@code plan}.
 */
final class DiffCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("diff",
            "diff [KIND/NAMESPACE/NAME] [-n NAMESPACE] " + ServerClient.USAGE,
            """
            Prints, for each resource whose live state differs from Git (OutOfSync), or for the one named, what
            differs: --- observed, +++ desired, then each field path with its live (-) and desired (+) value.""",
            Set.of("namespace"), Set.of());

    private DiffCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, DiffCommand::diff);
    }

    private static int diff(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        List<JsonNode> details = new ArrayList<>();
        if (!arguments.operands().isEmpty()) {
            details.add(server.get(OperatorCommand.resource(arguments).apiPath()));
        } else {
            Map<String, String> query = new HashMap<>();
            query.put("namespace", arguments.option("namespace"));
            JsonNode list = server.get(ServerClient.path("/api/v1/resources", query));
            for (JsonNode item : list.path("items")) {
                if (!"Synced".equals(Output.text(item.path("sync")))) {
                    details.add(server.get(OperatorCommand.ResourceName.of(item).apiPath()));
                }
            }
        }
        int differing = 0;
        for (JsonNode detail : details) {
            if (detail.path("diff").isEmpty()) {
                continue;
            }
            differing++;
            String name = Output.name(detail);
            out.println("diff " + name + " (desired at " + Output.shortId(detail.path("desiredRevision")) + ", live on "
                    + Output.text(detail.path("backend")) + ")");
            out.println("--- observed " + name);
            out.println("+++ desired " + name);
            lines(detail.path("diff")).forEach(out::println);
        }
        return differing == 0 ? ExitCode.OK : ExitCode.DIFFERENCES;
    }

    /** One field change as {@code @@ path @@} then {@code -live} and {@code +desired} (absent sides left out). */
    static List<String> lines(JsonNode diff) {
        List<String> lines = new ArrayList<>();
        for (JsonNode change : diff) {
            lines.add("@@ " + Output.text(change.path("path")) + " @@");
            if (!change.path("from").isMissingNode() && !change.path("from").isNull()) {
                lines.add("-" + change.path("from"));
            }
            if (!change.path("value").isMissingNode() && !change.path("value").isNull()) {
                lines.add("+" + change.path("value"));
            }
        }
        return lines;
    }
}
