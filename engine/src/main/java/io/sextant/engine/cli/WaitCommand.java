package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.cli.OperatorCommand.ResourceName;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code wait KIND/NS/NAME|--all [--for Synced|Healthy|condition=TYPE] [--timeout 2m]}: until a resource (or
 * every resource) is in sync, healthy, or has a condition True. A resource that does not exist yet is waited
 * for, since it may be on its way from a commit. Exit 0 met, 5 timed out, 1/4 when the engine fails or refuses.
 */
final class WaitCommand {

    static final OperatorCommand COMMAND = new OperatorCommand("wait",
            "wait KIND/NAMESPACE/NAME|--all [-n NAMESPACE] [--for Synced|Healthy|condition=TYPE] [--timeout 2m] "
                    + ServerClient.USAGE,
            """
            Waits until the resource (or, with --all, every resource) is Synced (the default), Healthy, or has
            the status condition TYPE True (Ready, Synced, Stalled; see describe). A resource not there yet is
            waited for. Exit 0 when met, 5 after --timeout (default 2m).""",
            Set.of("for", "timeout", "namespace"), Set.of("all"));

    private WaitCommand() {
    }

    /** What to wait for, read from one resource's detail or list item. */
    private record Condition(String text, String field, String expected, String conditionType) {

        static Condition parse(String value) throws UsageException {
            String text = value == null ? "Synced" : value;
            return switch (text) {
                case "Synced" -> new Condition(text, "sync", "Synced", null);
                case "Healthy" -> new Condition(text, "health", "Healthy", null);
                default -> {
                    String type = text.startsWith("condition=") ? text.substring("condition=".length()) : "";
                    if (!type.matches("[A-Za-z][A-Za-z0-9]*")) {
                        throw new UsageException("--for " + text + ": expected Synced, Healthy or condition=TYPE");
                    }
                    yield new Condition(text, null, "True", type);
                }
            };
        }

        boolean metBy(JsonNode resource) {
            if (field != null) {
                return expected.equals(Output.text(resource.path(field)));
            }
            for (JsonNode condition : resource.path("conditions")) {
                if (conditionType.equals(Output.text(condition.path("type")))) {
                    return expected.equals(Output.text(condition.path("status")));
                }
            }
            return false;
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return COMMAND.run(args, out, err, env, WaitCommand::await);
    }

    private static int await(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
            throws CliFailure, UsageException {
        Condition condition = Condition.parse(arguments.option("for"));
        Duration timeout = Polling.timeout(arguments);
        boolean all = arguments.flag("all");
        if (all != arguments.operands().isEmpty()) {
            throw new UsageException(all ? "give --all or a resource, not both" : "name a resource or give --all");
        }
        List<String> waiting = new ArrayList<>();
        boolean met;
        if (all) {
            String namespace = arguments.option("namespace");
            met = Polling.until(timeout, () -> {
                waiting.clear();
                JsonNode items = server.get(ServerClient.path("/api/v1/resources",
                        namespace == null ? Map.of() : Map.of("namespace", namespace))).path("items");
                for (JsonNode item : items) {
                    JsonNode resource = condition.field() != null ? item
                            : server.get(ResourceName.of(item).apiPath());
                    if (!condition.metBy(resource)) {
                        waiting.add(Output.name(item));
                    }
                }
                return !items.isEmpty() && waiting.isEmpty();
            });
        } else {
            ResourceName resource = OperatorCommand.resource(arguments);
            waiting.add(resource.toString());
            met = Polling.until(timeout, () -> {
                try {
                    return condition.metBy(server.get(resource.apiPath()));
                } catch (CliFailure e) {
                    if (e.code() == ExitCode.NOT_FOUND) {
                        return false;
                    }
                    throw e;
                }
            });
        }
        if (!met) {
            err.println("error: timed out after " + timeout.toSeconds() + "s waiting for " + condition.text() + " on "
                    + (waiting.isEmpty() ? "any resource (none found)" : String.join(", ", waiting)));
            return ExitCode.TIMED_OUT;
        }
        out.println((all ? "all resources" : waiting.get(0)) + " condition met: " + condition.text());
        return ExitCode.OK;
    }
}
