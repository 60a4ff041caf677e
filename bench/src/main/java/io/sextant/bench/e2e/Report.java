package io.sextant.bench.e2e;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The bench's results: one row per measure, one column per repository size, as a Markdown table. */
final class Report {

    private final Map<String, Map<Integer, String>> rows = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final PrintStream progress;

    Report(PrintStream progress) {
        this.progress = progress;
    }

    void put(String measure, int size, String value) {
        rows.computeIfAbsent(measure, m -> new TreeMap<>()).put(size, value);
        progress.printf(Locale.ROOT, "  %,d specs | %s: %s%n", size, measure, value);
    }

    void note(String note) {
        notes.add(note);
        progress.println("  note: " + note);
    }

    void print(PrintStream out, List<Integer> sizes) {
        StringBuilder header = new StringBuilder("| measure |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int size : sizes) {
            header.append(String.format(Locale.ROOT, " %,d specs |", size));
            rule.append(" ---: |");
        }
        out.println(header);
        out.println(rule);
        rows.forEach((measure, bySize) -> {
            StringBuilder line = new StringBuilder("| " + measure + " |");
            for (int size : sizes) {
                line.append(' ').append(bySize.getOrDefault(size, "–")).append(" |");
            }
            out.println(line);
        });
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(n -> out.println("- " + n));
        }
    }
}
