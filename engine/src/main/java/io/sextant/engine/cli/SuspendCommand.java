package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import io.sextant.engine.cli.OperatorCommand.ResourceName;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code suspend|resume KIND/NS/NAME|source/NAME [--reason TEXT]}: stops (or restarts) the engine applying
 * changes to one resource or a whole source ({@code POST .../suspend} or {@code .../resume}, with an optional
 * {@code ?reason=} kept in the audit log).
 */
final class SuspendCommand {

    private SuspendCommand() {
    }

    static OperatorCommand command(String verb) {
        return new OperatorCommand(verb, verb + " KIND/NAMESPACE/NAME|source/NAME [--reason TEXT] " + ServerClient.USAGE,
                (verb.equals("suspend")
                        ? "Stops the engine applying changes to a resource, or to every resource of a source, until resumed."
                        : "Lets the engine apply changes again to a suspended resource or source.")
                        + "\nNeeds an admin or operator token. --reason is kept in the audit log.",
                Set.of("reason"), Set.of());
    }

    static int run(String verb, List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return command(verb).run(args, out, err, env, (arguments, server, o, e) -> {
            if (arguments.operands().size() != 1) {
                throw new UsageException(arguments.operands().isEmpty()
                        ? "name a resource as KIND/NAMESPACE/NAME or a source as source/NAME"
                        : "unexpected argument " + arguments.operands().get(1));
            }
            String target = arguments.operands().get(0);
            String path;
            if (target.startsWith("source/") && target.indexOf('/', "source/".length()) < 0) {
                String name = target.substring("source/".length());
                if (name.isBlank()) {
                    throw new UsageException("name the source: source/NAME");
                }
                path = "/api/v1/sources/" + ServerClient.segment(name);
            } else {
                path = ResourceName.parse(target).apiPath();
            }
            Map<String, String> query = new HashMap<>();
            query.put("reason", arguments.option("reason"));
            server.post(ServerClient.path(path + "/" + verb, query));
            out.println(target + (verb.equals("suspend") ? " suspended" : " resumed"));
            return ExitCode.OK;
        });
    }
}
