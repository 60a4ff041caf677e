package io.sextant.engine.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line must be a
 * {@code # HELP}, a {@code # TYPE} or a sample {@code name{label="value",...} value [timestamp]}, and
 * a family's TYPE must come once, before its samples. Parsing fails on the first bad line.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String VALUE = "[-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN)";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)})? (" + VALUE + ")(?: -?[0-9]+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new HashMap<>();
    final Map<String, String> help = new HashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        Set<String> sampled = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                parsed.help.put(m.group(1), m.group(2));
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (parsed.types.put(m.group(1), m.group(2)) != null || sampled.contains(m.group(1))) {
                    throw new AssertionError("line " + number + ": TYPE repeated or after samples: " + line);
                }
            } else if (line.startsWith("#")) {
                continue; // other comments are allowed by the format
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                Sample sample = new Sample(m.group(1), labels(m.group(2), number, line), value(m.group(3)));
                parsed.samples.add(sample);
                sampled.add(family(sample.name(), parsed.types));
            } else {
                throw new AssertionError("line " + number + " is not Prometheus text format: " + line);
            }
        }
        return parsed;
    }

    private static Map<String, String> labels(String text, int number, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + number + ": bad labels: " + line);
            }
            if (labels.put(m.group(1), m.group(2)) != null) {
                throw new AssertionError("line " + number + ": label repeated: " + line);
            }
            at = m.end();
        }
        return labels;
    }

    private static double value(String text) {
        if (text.endsWith("Inf")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return text.endsWith("NaN") ? Double.NaN : Double.parseDouble(text);
    }

    /** The family a sample belongs to: histogram and summary samples carry a suffix. */
    private static String family(String name, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }

    /** Samples named {@code name} whose labels include every given {@code key, value} pair. */
    List<Sample> find(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name().equals(name)).filter(s -> {
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    /** The sum of the values of {@link #find}; 0 when there are none. */
    double sum(String name, String... labelPairs) {
        return find(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }
}
