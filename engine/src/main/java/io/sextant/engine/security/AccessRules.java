package io.sextant.engine.security;

/**
 * Which callers may make a request, by method and path alone:
 * <ul>
 *   <li>{@code /actuator/health} is always open (probes carry no tokens);</li>
 *   <li>webhooks ({@code /api/v1/webhooks/**}) are open here: each checks its own signature;</li>
 *   <li>anything that may change state (every method but GET, HEAD and OPTIONS) needs the admin token;</li>
 *   <li>reads of data ({@code /api/**}, {@code /actuator/**}) need the read token when one is set;</li>
 *   <li>everything else (the dashboard's HTML, CSS and JS, which hold no data) is open.</li>
 * </ul>
 */
final class AccessRules {

    /** What a request needs. */
    enum Requirement { OPEN, READ, ADMIN }

    private AccessRules() {
    }

    /** @param path the request path without the context path */
    static Requirement requirement(String method, String path) {
        if (path.equals("/actuator/health") || path.startsWith("/actuator/health/")) {
            return Requirement.OPEN;
        }
        if (path.startsWith("/api/v1/webhooks/")) {
            return Requirement.OPEN;
        }
        if (!safe(method)) {
            return Requirement.ADMIN;
        }
        if (method.equalsIgnoreCase("OPTIONS")) {
            return Requirement.OPEN;
        }
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/actuator") || path.startsWith("/actuator/")) {
            return Requirement.READ;
        }
        return Requirement.OPEN;
    }

    private static boolean safe(String method) {
        return method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD") || method.equalsIgnoreCase("OPTIONS");
    }
}
