package io.sextant.engine.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns aligned as kubectl aligns them: left-justified, three spaces apart, the last one unpadded. */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> headers) {
        this.headers = headers;
    }

    Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + headers.size() + " columns");
        }
        // A message over several lines would break the columns.
        rows.add(cells.stream().map(c -> c == null ? "" : c.replaceAll("\\s*\\R\\s*", " ")).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintStream out, boolean withHeaders) {
        print(out, withHeaders, "");
    }

    /** Prints each line after {@code indent}, for a table within a larger text ({@code describe}). */
    void print(PrintStream out, boolean withHeaders, String indent) {
        List<List<String>> lines = new ArrayList<>();
        if (withHeaders) {
            lines.add(headers);
        }
        lines.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder text = new StringBuilder(indent);
            for (int i = 0; i < line.size(); i++) {
                text.append(i == line.size() - 1 ? line.get(i) : String.format("%-" + (widths[i] + 3) + "s", line.get(i)));
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
