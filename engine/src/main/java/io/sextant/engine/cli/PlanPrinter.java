package io.sextant.engine.cli;

import java.io.PrintStream;
import tools.jackson.databind.JsonNode;

/**
 * Prints a plan ({@code GET /api/v1/plan}) for people and CI logs, one line per step: {@code +} create,
 * {@code ~} update followed by its field changes, {@code -} delete; then {@code =} each live resource kept as
 * it is because of spec errors (a file that fails to load keeps its resources) with why; then the commit's
 * spec errors as {@code file:line: field: message}, and a summary.
 */
final class PlanPrinter {

    private PlanPrinter() {
    }

    /** Prints {@code plan}; returns the exit code: 1 spec errors, 2 changes, 0 neither. */
    static int print(JsonNode plan, PrintStream out, PrintStream err) {
        JsonNode commit = plan.path("commit");
        out.println("Plan of source " + text(plan.path("source")) + " at " + text(commit.path("shortId"))
                + (commit.path("message").isMissingNode() ? "" : " (" + text(commit.path("message")) + ")") + ":");
        int create = 0;
        int update = 0;
        int delete = 0;
        for (JsonNode step : plan.path("steps")) {
            String action = text(step.path("action"));
            JsonNode resource = step.path("resource");
            String window = step.path("window").asString("");
            // Only a held step says so: "would apply now" is what every other line already means.
            String line = action + " " + name(resource) + " on " + text(step.path("backend"))
                    + (window.startsWith("held") ? " (" + window + ")" : "");
            switch (action) {
                case "create":
                    create++;
                    out.println("+ " + line);
                    break;
                case "delete":
                    delete++;
                    out.println("- " + line);
                    break;
                default:
                    update++;
                    out.println("~ " + line);
                    for (JsonNode change : step.path("diff")) {
                        out.println("    " + text(change.path("path")) + ": " + value(change.path("from")) + " → "
                                + value(change.path("value")));
                    }
            }
        }
        JsonNode kept = plan.path("kept");
        for (JsonNode resource : kept) {
            out.println("= kept " + name(resource.path("resource")) + " on " + text(resource.path("backend")) + ": "
                    + text(resource.path("reason")));
        }
        JsonNode errors = plan.path("errors");
        for (JsonNode error : errors) {
            out.println(location(error));
        }
        if (create + update + delete == 0) {
            out.println(kept.isEmpty() ? "No changes: live state matches this commit."
                    : "No changes: live state keeps the resources above as they are.");
        }
        String summary = "Plan: " + create + " to create, " + update + " to update, " + delete + " to delete"
                + (kept.isEmpty() ? "" : ", " + kept.size() + " kept");
        out.println(errors.isEmpty() ? summary + "." : summary + "; " + errors.size() + " spec error"
                + (errors.size() == 1 ? "" : "s") + " (those resources are left alone).");
        if (!errors.isEmpty()) {
            err.println("sextant plan: the commit has spec errors");
            return 1;
        }
        return create + update + delete == 0 ? 0 : 2;
    }

    /** {@code Kind/namespace/name}. */
    private static String name(JsonNode resource) {
        return text(resource.path("kind")) + "/" + text(resource.path("namespace")) + "/" + text(resource.path("name"));
    }

    /** {@code file:line: field: message}; the engine's message already reads so. */
    private static String location(JsonNode error) {
        String message = text(error.path("message"));
        String path = text(error.path("path"));
        if (message.startsWith(path + ":")) {
            return message;
        }
        JsonNode line = error.path("line");
        JsonNode field = error.path("field");
        return path + (line.isNumber() ? ":" + line.asInt() : "") + ": "
                + (field.isString() ? field.asString() + ": " : "") + message;
    }

    /** A field value as JSON (strings quoted, so {@code "2"} and {@code 2} differ); absent is {@code (none)}. */
    private static String value(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "(none)" : value.toString();
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? "" : node.asString();
    }
}
