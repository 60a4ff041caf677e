package io.sextant.analysis;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What is analysed: a resource on a backend, its canary version and, for conditions relative to it,
 * its stable version (null when there is none). Versions come from Git (a model revision, an image
 * tag), so they are held to a plain alphabet here: they are put into PromQL and URLs.
 */
public record Target(String namespace, String name, String backend, String canary, String stable) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,252}");

    public Target {
        check("namespace", namespace);
        check("name", name);
        check("backend", backend);
        check("canary", canary);
        if (stable != null) {
            check("stable", stable);
        }
    }

    private static void check(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' may hold only letters, digits and"
                    + " . _ : / @ + - (at most 253, starting with a letter or digit)");
        }
    }

    /** The template variables of a query for {@code version}: version, namespace, name, backend. */
    public Map<String, String> variables(String version) {
        return Map.of("version", version, "namespace", namespace, "name", name, "backend", backend);
    }
}
