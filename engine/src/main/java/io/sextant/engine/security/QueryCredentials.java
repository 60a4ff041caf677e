package io.sextant.engine.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds credentials in a query string. They must not be accepted there: URLs end up in access logs,
 * proxy logs, browser history and {@code Referer} headers. Only the raw query string is read, never
 * {@code getParameter}, which would consume a form-encoded body a webhook signature covers.
 */
final class QueryCredentials {

    /** Parameter names that by convention carry credentials (compared without case). */
    private static final Set<String> NAMES = Set.of("access_token", "token", "api_key", "apikey", "api-key",
            "admin_token", "admin-token", "read_token", "read-token", "bearer", "authorization", "auth", "password",
            "secret");

    private QueryCredentials() {
    }

    /**
     * The name of the first query parameter that carries a credential, or null: either a parameter
     * conventionally named for one, or any parameter whose value is one of {@code tokens}.
     */
    static String find(String queryString, List<BearerToken> tokens) {
        if (queryString == null || queryString.isEmpty()) {
            return null;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                return name;
            }
            if (!value.isBlank() && tokens.stream().anyMatch(t -> t.matches(value))) {
                return name;
            }
        }
        return null;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return part;
        }
    }
}
