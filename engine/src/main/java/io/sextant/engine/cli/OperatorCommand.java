package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What every operator's command (those talking to a running engine) does the same way: parsing with the
 * engine options of {@link ServerClient} and kubectl's short options ({@code -o}, {@code -n}, {@code -l}),
 * {@code --help}, usage errors (exit 1 with the usage line) and failures printed as {@code error: ...} with
 * their exit code.
 *
 * @param name    the command word
 * @param usage   its usage line after {@code java -jar sextant.jar}
 * @param help    what it does, for {@code --help}
 * @param options its own options that take a value
 * @param flags   its own options without a value
 */
record OperatorCommand(String name, String usage, String help, Set<String> options, Set<String> flags) {

    /** A command's work, given its parsed arguments and a client of the engine. */
    interface Body {
        int run(Arguments arguments, ServerClient server, PrintStream out, PrintStream err)
                throws CliFailure, UsageException;
    }

    private static final Map<String, String> SHORT = Map.of("-o", "output", "-n", "namespace", "-l", "selector");

    int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env, Body body) {
        String usageLine = "usage: java -jar sextant.jar " + usage;
        try {
            Set<String> known = new HashSet<>(options);
            known.addAll(ServerClient.OPTIONS);
            Arguments arguments = Arguments.parse(longForms(args), known, flags);
            if (arguments.help()) {
                out.println(usageLine + "\n\n" + help + "\n" + ServerClient.HELP + "\n" + ExitCode.TABLE);
                return ExitCode.OK;
            }
            return body.run(arguments, ServerClient.of(arguments, env, err), out, err);
        } catch (UsageException e) {
            err.println("sextant " + name + ": " + e.getMessage());
            err.println(usageLine);
            return ExitCode.ERROR;
        } catch (CliFailure e) {
            err.println("error: " + e.getMessage());
            return e.code();
        }
    }

    /** {@code -o json} and {@code -ojson} as {@code --output=json}; likewise {@code -n} and {@code -l}. */
    static List<String> longForms(List<String> args) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String prefix = arg.length() >= 2 ? arg.substring(0, 2) : arg;
            if (arg.equals("--")) {
                result.addAll(args.subList(i, args.size()));
                break;
            } else if (SHORT.containsKey(arg) && i + 1 < args.size()) {
                result.add("--" + SHORT.get(arg) + "=" + args.get(++i));
            } else if (SHORT.containsKey(prefix) && arg.length() > 2) {
                result.add("--" + SHORT.get(prefix) + "=" + arg.substring(arg.charAt(2) == '=' ? 3 : 2));
            } else {
                result.add(arg);
            }
        }
        return result;
    }

    /** The one operand naming {@code KIND/NAMESPACE/NAME}. */
    static ResourceName resource(Arguments arguments) throws UsageException {
        if (arguments.operands().size() != 1) {
            throw new UsageException(arguments.operands().isEmpty() ? "name a resource as KIND/NAMESPACE/NAME"
                    : "unexpected argument " + arguments.operands().get(1));
        }
        return ResourceName.parse(arguments.operands().get(0));
    }

    /** {@code KIND/NAMESPACE/NAME}, as the API's paths and the commands' output write a resource. */
    record ResourceName(String kind, String namespace, String name) {

        static ResourceName parse(String text) throws UsageException {
            String[] parts = text.split("/", -1);
            if (parts.length != 3 || List.of(parts).stream().anyMatch(String::isBlank)) {
                throw new UsageException("'" + text + "' is not KIND/NAMESPACE/NAME, e.g. ModelDeployment/search/llama");
            }
            return new ResourceName(parts[0], parts[1], parts[2]);
        }

        /** The name of a resource item or detail of the API. */
        static ResourceName of(JsonNode item) {
            return new ResourceName(Output.text(item.path("kind")), Output.text(item.path("namespace")),
                    Output.text(item.path("name")));
        }

        String apiPath() {
            return "/api/v1/resources/" + ServerClient.segment(kind) + "/" + ServerClient.segment(namespace) + "/"
                    + ServerClient.segment(name);
        }

        @Override
        public String toString() {
            return kind + "/" + namespace + "/" + name;
        }
    }
}
