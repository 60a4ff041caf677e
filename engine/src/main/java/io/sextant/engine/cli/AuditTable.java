package io.sextant.engine.cli;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Audit events as {@code history} and {@code describe} print them: TIME COMMIT PR ACTION OUTCOME ACTOR DIFF. */
final class AuditTable {

    private AuditTable() {
    }

    static Table of(JsonNode events) {
        Table table = new Table(List.of("TIME", "COMMIT", "PR", "ACTION", "OUTCOME", "ACTOR", "DIFF"));
        for (JsonNode event : events.path("items")) {
            JsonNode pr = event.path("pullRequest");
            table.row(List.of(Output.text(event.path("time")), Output.shortId(event.path("commit")),
                    pr.isNumber() ? "#" + pr.asInt() : "", Output.text(event.path("action")),
                    Output.text(event.path("outcome")), actor(event), diffSummary(event)));
        }
        return table;
    }

    /** Who: the person for a manual action, else the engine and what triggered it. */
    static String actor(JsonNode event) {
        JsonNode actor = event.path("actor");
        if (actor.isObject()) {
            String email = Output.text(actor.path("email"));
            return email.isEmpty() ? Output.text(actor.path("subject")) : email;
        }
        String trigger = Output.text(event.path("trigger"));
        return trigger.isEmpty() ? "sextant" : "sextant (" + trigger + ")";
    }

    /**
     * {@code /spec/replicas 2→3}: the first two changes, then how many more, or that the resource is new or
     * removed; then the error of a failure.
     */
    static String diffSummary(JsonNode event) {
        String summary = changes(event);
        String error = Output.text(event.path("error"));
        return error.isEmpty() ? summary : (summary.isEmpty() ? "" : summary + "; ") + error;
    }

    private static String changes(JsonNode event) {
        // A create's or delete's diff is the whole document, field by field: listing it says nothing more.
        switch (Output.text(event.path("action"))) {
            case "create":
                return "(new resource)";
            case "delete":
                return "(resource removed)";
            default:
                break;
        }
        List<String> changes = new ArrayList<>();
        for (JsonNode change : event.path("diff")) {
            changes.add(Output.text(change.path("path")) + " " + value(change.path("from")) + "→" + value(change.path("value")));
        }
        return changes.size() <= 2 ? String.join(", ", changes)
                : String.join(", ", changes.subList(0, 2)) + " (+" + (changes.size() - 2) + " more)";
    }

    private static String value(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "∅" : value.toString();
    }
}
