package io.sextant.engine.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile read the way BuildKit reads the instructions the engine's uses: stages, line
 * continuations, comment lines, and the exec (JSON) or shell form of commands.
 */
record Dockerfile(List<Stage> stages) {

    /** Surefire runs in the engine module, so the Dockerfile is one directory up. */
    static final Path FILE = Path.of("..", "Dockerfile").toAbsolutePath().normalize();

    /** What this parser models; anything else fails loudly rather than being silently ignored. */
    private static final Set<String> KEYWORDS = Set.of("FROM", "RUN", "COPY", "ENV", "WORKDIR", "USER",
            "VOLUME", "EXPOSE", "HEALTHCHECK", "ENTRYPOINT", "CMD", "LABEL", "ARG");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|\\S*)");

    record Instruction(String keyword, String arguments) {}

    /** One {@code FROM} and the instructions up to the next one. */
    record Stage(String base, String name, List<Instruction> instructions) {

        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments)
                    .collect(Collectors.toList());
        }

        /** The arguments of the only {@code keyword} instruction of this stage. */
        String one(String keyword) {
            List<String> found = all(keyword);
            if (found.size() != 1) {
                throw new AssertionError("stage " + base + " has " + found.size() + " " + keyword + " instructions");
            }
            return found.get(0);
        }

        /** The environment its {@code ENV} instructions set, in order. */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (String arguments : all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(arguments);
                if (!arguments.contains("=")) {
                    String[] legacy = arguments.split("\\s+", 2);
                    env.put(legacy[0], legacy.length > 1 ? legacy[1] : "");
                    continue;
                }
                int end = 0;
                while (pair.find() && pair.start() == end) {
                    env.put(pair.group(1), pair.group(3) != null ? pair.group(3).replaceAll("\\\\(.)", "$1") : pair.group(2));
                    end = pair.end();
                    while (end < arguments.length() && Character.isWhitespace(arguments.charAt(end))) {
                        end++;
                    }
                }
                if (end != arguments.length()) {
                    throw new AssertionError("cannot read ENV " + arguments);
                }
            }
            return env;
        }
    }

    static Dockerfile read(Path file) throws IOException {
        return parse(Files.readString(file));
    }

    static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String stripped = line.strip();
            // Comment lines are dropped even inside a continuation, as Docker does.
            if (stripped.startsWith("#") || (stripped.isEmpty() && pending.length() == 0)) {
                continue;
            }
            String body = line.stripTrailing();
            if (body.endsWith("\\")) {
                pending.append(body, 0, body.length() - 1);
                continue;
            }
            pending.append(body);
            String instruction = pending.toString().strip();
            pending.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            String[] parts = instruction.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String arguments = parts.length > 1 ? parts[1].strip() : "";
            if (!KEYWORDS.contains(keyword)) {
                throw new AssertionError("Dockerfile instruction this test does not model: " + instruction);
            }
            if (keyword.equals("FROM")) {
                List<String> words = Arrays.stream(arguments.split("\\s+")).filter(w -> !w.startsWith("--"))
                        .collect(Collectors.toList());
                String name = words.size() == 3 && words.get(1).equalsIgnoreCase("AS") ? words.get(2) : null;
                current = new ArrayList<>();
                stages.add(new Stage(words.get(0), name, current));
            } else if (current == null) {
                if (!keyword.equals("ARG")) {
                    throw new AssertionError(keyword + " before the first FROM");
                }
            } else {
                current.add(new Instruction(keyword, arguments));
            }
        }
        if (pending.length() > 0) {
            throw new AssertionError("the Dockerfile ends inside a line continuation");
        }
        return new Dockerfile(List.copyOf(stages));
    }

    /** The run stage: what {@code docker run} starts. */
    Stage last() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    /**
     * The argv Docker runs for a RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD: a JSON array of strings as is;
     * anything else, including malformed JSON, is shell form run by {@code /bin/sh -c}.
     */
    static List<String> command(String arguments) {
        if (arguments.startsWith("[")) {
            try {
                String[] argv = JSON.readValue(arguments, String[].class);
                return List.of(argv);
            } catch (JacksonException notJson) {
                // Docker falls back to the shell form too.
            }
        }
        return List.of("/bin/sh", "-c", arguments);
    }

    /** A list instruction's values ({@code VOLUME ["/a"]} or {@code EXPOSE 8080 9090}). */
    static List<String> values(String arguments) {
        List<String> json = command(arguments);
        return json.get(0).equals("/bin/sh") ? List.of(arguments.split("\\s+")) : json;
    }

    /** {@code HEALTHCHECK [--option=value ...] CMD command}. */
    record Healthcheck(Map<String, String> options, List<String> command) {

        static Healthcheck parse(String arguments) {
            Map<String, String> options = new LinkedHashMap<>();
            String rest = arguments;
            while (rest.startsWith("--")) {
                String[] option = rest.split("\\s+", 2);
                String[] nameValue = option[0].substring(2).split("=", 2);
                options.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
                rest = option.length > 1 ? option[1] : "";
            }
            if (!rest.startsWith("CMD ")) {
                throw new AssertionError("HEALTHCHECK without CMD: " + arguments);
            }
            return new Healthcheck(options, Dockerfile.command(rest.substring(4).strip()));
        }
    }
}
