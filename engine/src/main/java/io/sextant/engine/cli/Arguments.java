package io.sextant.engine.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: options as {@code --name value} or {@code --name=value}, and operands.
 *
 * @param options  option values by name (without the dashes)
 * @param operands everything else, in order
 * @param help     whether {@code -h} or {@code --help} was given
 */
record Arguments(Map<String, String> options, List<String> operands, boolean help) {

    /** Wrong arguments: the message says which, for a usage line. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** @param known the option names the command takes, each with a value */
    static Arguments parse(List<String> args, Set<String> known) throws UsageException {
        return parse(args, known, Set.of());
    }

    /**
     * @param known the option names the command takes, each with a value
     * @param flags the option names the command takes without a value (read with {@link #flag})
     */
    static Arguments parse(List<String> args, Set<String> known, Set<String> flags) throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> operands = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
            } else if (arg.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                if (flags.contains(name) && equals < 0) {
                    if (options.put(name, "true") != null) {
                        throw new UsageException("--" + name + " is given twice");
                    }
                    continue;
                }
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                if (equals < 0 && i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                String value = equals < 0 ? args.get(++i) : arg.substring(equals + 1);
                if (options.put(name, value) != null) {
                    throw new UsageException("--" + name + " is given twice");
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                throw new UsageException("unknown option " + arg);
            } else {
                operands.add(arg);
            }
        }
        return new Arguments(Map.copyOf(options), List.copyOf(operands), help);
    }

    String option(String name) {
        return options.get(name);
    }

    /** Whether the flag {@code name} (an option without a value) was given. */
    boolean flag(String name) {
        return options.containsKey(name);
    }
}
