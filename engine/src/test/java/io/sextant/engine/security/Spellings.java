package io.sextant.engine.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Other ways of writing a request path that a server, a proxy or a router may read as the same path:
 * the spellings that got past an access check deciding on the raw URI while Spring MVC routed on the
 * decoded, normalised one.
 */
final class Spellings {

    /** A way of writing the path, and whether the engine must refuse it outright (400) before routing. */
    record Spelling(String name, String target, boolean refused) {
    }

    private Spellings() {
    }

    /** Every spelling of {@code path} (which starts with '/', has no query), the plain one first. */
    static List<Spelling> of(String path, String query) {
        String q = query == null ? "" : "?" + query;
        String[] segments = path.substring(1).split("/");
        Map<String, Spelling> all = new LinkedHashMap<>();
        add(all, "plain", path + q, false);
        for (int i = 0; i < segments.length; i++) {
            add(all, "matrix parameter on segment " + i, join(segments, i, segments[i] + ";x") + q, true);
            add(all, "empty matrix parameter on segment " + i, join(segments, i, segments[i] + ";") + q, true);
            add(all, "encoded first letter of segment " + i, join(segments, i, encodeFirst(segments[i])) + q, false);
            add(all, "dot segment before segment " + i, join(segments, i, "x/../" + segments[i]) + q, true);
            add(all, "encoded dot segment before segment " + i, join(segments, i, "x/%2e%2e/" + segments[i]) + q, true);
            add(all, "single dot before segment " + i, join(segments, i, "./" + segments[i]) + q, true);
            add(all, "double slash before segment " + i, join(segments, i, "/" + segments[i]) + q, true);
        }
        for (int i = 1; i < segments.length; i++) {
            String left = "/" + String.join("/", List.of(segments).subList(0, i));
            String right = String.join("/", List.of(segments).subList(i, segments.length));
            add(all, "encoded slash after segment " + (i - 1), left + "%2F" + right + q, true);
            add(all, "lower-case encoded slash after segment " + (i - 1), left + "%2f" + right + q, true);
            add(all, "double-encoded slash after segment " + (i - 1), left + "%252F" + right + q, true);
            add(all, "backslash after segment " + (i - 1), left + "\\" + right + q, true);
            add(all, "encoded backslash after segment " + (i - 1), left + "%5C" + right + q, true);
        }
        add(all, "trailing slash", path + "/" + q, false);
        add(all, "trailing matrix parameter", path + ";jsessionid=x" + q, true);
        add(all, "upper-case first segment", "/" + segments[0].toUpperCase(Locale.ROOT)
                + path.substring(1 + segments[0].length()) + q, false);
        add(all, "upper-case path", path.toUpperCase(Locale.ROOT) + q, false);
        return new ArrayList<>(all.values());
    }

    private static void add(Map<String, Spelling> all, String name, String target, boolean refused) {
        all.putIfAbsent(target, new Spelling(name, target, refused));
    }

    private static String join(String[] segments, int index, String replacement) {
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            path.append('/').append(i == index ? replacement : segments[i]);
        }
        return path.toString();
    }

    private static String encodeFirst(String segment) {
        return String.format("%%%02x", (int) segment.charAt(0)) + segment.substring(1);
    }
}
