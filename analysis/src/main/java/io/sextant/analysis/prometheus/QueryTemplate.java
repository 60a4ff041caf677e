package io.sextant.analysis.prometheus;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills the {@code {{variables}}} of a PromQL template. */
final class QueryTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-zA-Z]+)\\s*}}");

    private QueryTemplate() {
    }

    /**
     * The query with each variable replaced. Values are escaped as the inside of a PromQL double-quoted
     * string (where templates put them: {@code {model_name="{{version}}"}}), so no value can end the string
     * and add to the query; an unknown variable is an error naming it.
     */
    static String render(String template, Map<String, String> values, Duration interval) {
        Map<String, String> all = new HashMap<>(values);
        all.put("interval", promDuration(interval));
        Matcher m = VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = all.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("query: unknown template variable {{" + m.group(1) + "}}; known: "
                        + new TreeSet<>(all.keySet()));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(escape(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A duration as PromQL writes one: {@code 30s}, {@code 1500ms}. */
    static String promDuration(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }
}
