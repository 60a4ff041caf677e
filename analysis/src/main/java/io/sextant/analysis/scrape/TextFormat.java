package io.sextant.analysis.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4, as vLLM's and Triton's
 * {@code /metrics} serve it; OpenMetrics' {@code # EOF} is read as the comment it is there). The
 * {@code io.prometheus} libraries on Maven Central only write this format, so reading it is ours. Errors
 * name the line and what is wrong, never guess: a number Java would read but Prometheus would not
 * ({@code 1d}, {@code 0x10}) is an error.
 */
final class TextFormat {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped",
            "unknown", "gaugehistogram", "stateset", "info");

    private TextFormat() {
    }

    /** Reads a whole exposition; an error names the line. */
    static Scrape parse(String text) {
        Map<String, String> types = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            try {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    comment(line, types);
                } else {
                    samples.add(sample(line));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        return new Scrape(types, samples);
    }

    private static void comment(String line, Map<String, String> types) {
        String[] parts = line.substring(1).trim().split("[ \t]+", 3);
        if (parts.length >= 1 && parts[0].equals("TYPE")) {
            if (parts.length < 3 || !NAME.matcher(parts[1]).matches() || !TYPES.contains(parts[2].trim())) {
                throw new IllegalArgumentException("a TYPE line needs a metric name and one of " + TYPES);
            }
            if (types.put(parts[1], parts[2].trim()) != null) {
                throw new IllegalArgumentException("a second TYPE line for " + parts[1]);
            }
        }
        // HELP and any other comment carry nothing a measurement needs.
    }

    private static Sample sample(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("expected a metric name at the start of '" + line + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < n && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        String[] rest = line.substring(i).trim().split("[ \t]+");
        if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
            throw new IllegalArgumentException(name + ": expected a value and an optional timestamp after the"
                    + " series, found '" + line.substring(i).trim() + "'");
        }
        if (rest.length == 2 && !INTEGER.matcher(rest[1]).matches()) {
            throw new IllegalArgumentException(name + ": the timestamp '" + rest[1] + "' is not whole milliseconds");
        }
        return new Sample(name, labels, number(rest[0], name));
    }

    /** Reads labels from just after '{' up to and past '}'; returns the index after '}'. */
    private static int labels(String line, int i, Map<String, String> labels) {
        int n = line.length();
        while (true) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && line.charAt(i) == '}') {
                return i + 1;
            }
            int start = i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ') {
                i++;
            }
            String label = line.substring(start, i);
            if (!LABEL.matcher(label).matches() || i >= n || line.charAt(i) != '=' || i + 1 >= n
                    || line.charAt(i + 1) != '"') {
                throw new IllegalArgumentException("expected label=\"value\" at column " + (start + 1));
            }
            i += 2;
            StringBuilder value = new StringBuilder();
            while (true) {
                if (i >= n) {
                    throw new IllegalArgumentException("the value of label " + label + " is not closed");
                }
                char c = line.charAt(i++);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i >= n) {
                        throw new IllegalArgumentException("a backslash ends the line in label " + label);
                    }
                    char e = line.charAt(i++);
                    switch (e) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("label " + label + ": unknown escape \\" + e);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice in one series");
            }
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i < n && line.charAt(i) == '}') {
                return i + 1;
            } else {
                throw new IllegalArgumentException("expected ',' or '}' after label " + label);
            }
        }
    }

    /** A number as Prometheus writes one: a float, NaN, +Inf or -Inf. */
    static double number(String text, String what) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf", "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!FLOAT.matcher(text).matches()) {
                    throw new IllegalArgumentException(what + ": '" + text + "' is not a number");
                }
                return Double.parseDouble(text);
        }
    }
}
