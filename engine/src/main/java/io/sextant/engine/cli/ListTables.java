package io.sextant.engine.cli;

import io.sextant.engine.cli.Output.Format;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The tables of {@code get}: one per list of the API, each a few columns wider with {@code -o wide}. */
final class ListTables {

    private ListTables() {
    }

    static Table resources(JsonNode list, Format format, Instant now) {
        boolean wide = format == Format.WIDE;
        List<String> headers = new ArrayList<>(List.of("KIND", "NAMESPACE", "NAME", "SYNC", "HEALTH", "OPERATION",
                "REVISION", "AGE"));
        if (wide) {
            headers.addAll(List.of("BACKEND", "SOURCE", "MESSAGE"));
        }
        Table table = new Table(format == Format.NAME ? List.of("NAME") : headers);
        for (JsonNode item : list.path("items")) {
            if (format == Format.NAME) {
                table.row(List.of(Output.name(item)));
                continue;
            }
            List<String> row = new ArrayList<>(List.of(Output.text(item.path("kind")), Output.text(item.path("namespace")),
                    Output.text(item.path("name")), Output.text(item.path("sync")), Output.text(item.path("health")),
                    Output.text(item.path("operation")), Output.shortId(item.path("appliedRevision")),
                    Output.age(item.path("lastSyncedAt"), now)));
            if (wide) {
                row.addAll(List.of(Output.text(item.path("backend")), Output.text(item.path("source")),
                        Output.text(item.path("message"))));
            }
            table.row(row);
        }
        return table;
    }

    static Table sources(JsonNode list, Format format, Instant now) {
        boolean wide = format == Format.WIDE;
        List<String> headers = new ArrayList<>(List.of("NAME", "BRANCH", "FETCHED", "SYNCED", "ERRORS", "AGE"));
        if (wide) {
            headers.addAll(List.of("URL", "NOT-APPLIED"));
        }
        Table table = new Table(format == Format.NAME ? List.of("NAME") : headers);
        for (JsonNode item : list.path("items")) {
            if (format == Format.NAME) {
                table.row(List.of("source/" + Output.text(item.path("name"))));
                continue;
            }
            List<String> row = new ArrayList<>(List.of(Output.text(item.path("name")), Output.text(item.path("branch")),
                    Output.shortId(item.path("lastFetchedRevision")), Output.shortId(item.path("lastSyncedRevision")),
                    String.valueOf(item.path("errors").size()), Output.age(item.path("lastReconciledAt"), now)));
            if (wide) {
                row.addAll(List.of(Output.text(item.path("url")), Output.text(item.path("notAppliedReason"))));
            }
            table.row(row);
        }
        return table;
    }

    static Table backends(JsonNode list, Format format) {
        boolean wide = format == Format.WIDE;
        List<String> headers = new ArrayList<>(List.of("NAME", "TYPE", "GPUS"));
        if (wide) {
            headers.add("ERROR");
        }
        Table table = new Table(format == Format.NAME ? List.of("NAME") : headers);
        for (JsonNode item : list.path("items")) {
            if (format == Format.NAME) {
                table.row(List.of("backend/" + Output.text(item.path("name"))));
                continue;
            }
            List<String> gpus = new ArrayList<>();
            for (JsonNode gpu : item.path("gpus")) {
                gpus.add(Output.text(gpu.path("type")) + " " + gpu.path("used").asInt() + "/" + gpu.path("total").asInt());
            }
            String capacity = item.path("capacityKnown").asBoolean(true) ? String.join(", ", gpus) : "capacity unknown";
            List<String> row = new ArrayList<>(List.of(Output.text(item.path("name")), Output.text(item.path("type")),
                    capacity));
            if (wide) {
                row.add(Output.text(item.path("error")));
            }
            table.row(row);
        }
        return table;
    }
}
