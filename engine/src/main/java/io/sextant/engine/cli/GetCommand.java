package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.cli.Output.Format;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code get resources|sources|backends}: the engine's lists as kubectl prints them; {@code -o json|yaml}
 * prints the API's {@code {"items": [...]}} unchanged (filtered by {@code -l} when given).
 */
final class GetCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("get",
            "get resources|sources|backends [-n NAMESPACE] [--kind KIND] [-l KEY=VALUE,...] " + Output.USAGE + " "
                    + ServerClient.USAGE,
            """
            Lists what a running engine manages. resources: KIND NAMESPACE NAME SYNC HEALTH OPERATION REVISION AGE
            (the applied commit, and how long since the last sync); wide adds BACKEND SOURCE MESSAGE.
            sources: NAME BRANCH FETCHED SYNCED ERRORS AGE; backends: NAME TYPE GPUS (used/total).
            -l filters resources on their labels in Git (one request per resource, so it is slower).""",
            Set.of("namespace", "kind", "selector", "output"), Set.of("no-headers"));

    private GetCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, GetCommand::get);
    }

    private static int get(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        if (arguments.operands().size() != 1) {
            throw new UsageException(arguments.operands().isEmpty() ? "name what to get: resources, sources or backends"
                    : "unexpected argument " + arguments.operands().get(1));
        }
        Format format = Output.format(arguments);
        String what = arguments.operands().get(0);
        boolean onlyResources = arguments.option("namespace") != null || arguments.option("kind") != null
                || arguments.option("selector") != null;
        if (onlyResources && !what.startsWith("resource")) {
            throw new UsageException("-n, --kind and -l apply to resources only");
        }
        JsonNode list = switch (what) {
            case "resources", "resource", "res" -> resources(arguments, server);
            case "sources", "source" -> server.get("/api/v1/sources");
            case "backends", "backend" -> server.get("/api/v1/backends");
            default -> throw new UsageException("cannot get '" + what + "': expected resources, sources or backends");
        };
        if (Output.document(format, list, out)) {
            return ExitCode.OK;
        }
        Table table = what.startsWith("resource") || what.equals("res") ? ListTables.resources(list, format, Instant.now())
                : what.startsWith("source") ? ListTables.sources(list, format, Instant.now())
                : ListTables.backends(list, format);
        if (format != Format.NAME && table.isEmpty()) {
            err.println("No " + (what.endsWith("s") ? what : what + "s") + " found.");
            return ExitCode.OK;
        }
        table.print(out, format != Format.NAME && !arguments.flag("no-headers"));
        return ExitCode.OK;
    }

    private static JsonNode resources(Arguments arguments, ServerClient server) throws CliFailure, UsageException {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("namespace", arguments.option("namespace"));
        query.put("kind", arguments.option("kind"));
        JsonNode list = server.get(ServerClient.path("/api/v1/resources", query));
        String selector = arguments.option("selector");
        if (selector == null) {
            return list;
        }
        Map<String, String> wanted = labels(selector);
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode item : list.path("items")) {
            JsonNode detail = server.get(OperatorCommand.ResourceName.of(item).apiPath());
            JsonNode labels = detail.path("desired").path("metadata").path("labels");
            if (wanted.entrySet().stream().allMatch(e -> e.getValue().equals(Output.text(labels.path(e.getKey()))))) {
                kept.add(item);
            }
        }
        ObjectNode filtered = Output.JSON.createObjectNode();
        filtered.putArray("items").addAll(kept);
        return filtered;
    }

    /** {@code tier=prod,team=search}: every pair must match. */
    static Map<String, String> labels(String selector) throws UsageException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            String[] parts = pair.split("==?", 2);
            if (parts.length != 2 || parts[0].isBlank()) {
                throw new UsageException("-l " + selector + ": expected KEY=VALUE[,KEY=VALUE...]");
            }
            labels.put(parts[0].strip(), parts[1].strip());
        }
        return labels;
    }
}
