package io.sextant.engine.cli;

import io.sextant.engine.cli.Arguments.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Output formats of the operator's commands ({@code -o}): {@code table} and {@code wide} for people,
 * {@code json} and {@code yaml} for scripts (the API's own documents, unchanged), {@code name} for shell
 * completion and loops ({@code ModelDeployment/search/llama}).
 */
final class Output {

    enum Format { TABLE, WIDE, JSON, YAML, NAME }

    static final String USAGE = "[-o table|wide|json|yaml|name] [--no-headers]";

    /** The one mapper of the operator's commands: building one costs a noticeable part of a command's start. */
    static final JsonMapper JSON = JsonMapper.builder().build();

    private Output() {
    }

    static Format format(Arguments arguments) throws UsageException {
        String value = arguments.option("output");
        if (value == null) {
            return Format.TABLE;
        }
        try {
            return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("-o " + value + ": expected table, wide, json, yaml or name");
        }
    }

    /** Prints {@code document} as JSON or YAML; returns false for the other formats. */
    static boolean document(Format format, JsonNode document, PrintStream out) {
        switch (format) {
            case JSON -> out.println(document.toPrettyString());
            case YAML -> out.print(yaml(document));
            default -> {
                return false;
            }
        }
        return true;
    }

    static String yaml(JsonNode document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(JSON.treeToValue(document, Object.class));
    }

    /** A node's text, or empty for a missing or null one. */
    static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "" : node.asString();
    }

    /** The first 7 characters of a commit id, as Git prints it. */
    static String shortId(JsonNode commit) {
        String id = text(commit);
        return id.length() > 7 ? id.substring(0, 7) : id;
    }

    /** How long ago {@code time} (an ISO instant) was, as kubectl prints ages: 42s, 5m, 3h, 2d; empty when unknown. */
    static String age(JsonNode time, Instant now) {
        String value = text(time);
        if (value.isEmpty()) {
            return "";
        }
        try {
            long seconds = Math.max(0, Duration.between(Instant.parse(value), now).toSeconds());
            return seconds < 120 ? seconds + "s" : seconds < 7200 ? seconds / 60 + "m"
                    : seconds < 172_800 ? seconds / 3600 + "h" : seconds / 86_400 + "d";
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /** {@code Kind/namespace/name} of a resource item or audit reference. */
    static String name(JsonNode resource) {
        return text(resource.path("kind")) + "/" + text(resource.path("namespace")) + "/" + text(resource.path("name"));
    }
}
