package io.sextant.engine.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which callers may make a request, by method and path alone:
 * <ul>
 *   <li>{@code /actuator/health} is always open (probes carry no tokens);</li>
 *   <li>webhooks ({@code /api/v1/webhooks/**}) are open here: each checks its own signature;</li>
 *   <li>anything that may change state (every method but GET, HEAD and OPTIONS) needs the admin token, or a
 *       signed-in admin's bearer token ({@code POST /api/v1/sync}, a resource's {@code suspend}/{@code resume},
 *       rollout promote/abort and rollback also an operator's, a team's operator only in their namespaces:
 *       {@link OperatorScope});</li>
 *   <li>reads of data ({@code /api/**}, {@code /actuator/**}, the API docs {@code /v3/**}) need the read token
 *       when one is set, or a signed-in person with a role when single sign-on is on;</li>
 *   <li>everything else (the dashboard's HTML, CSS and JS, which hold no data) is open.</li>
 * </ul>
 * The matchers are {@link PathPatternRequestMatcher}s: they match the path Spring MVC routes on (decoded,
 * without matrix parameters), never the raw URI, so the rule and the route cannot disagree about which
 * endpoint a request is for. Spellings the two could still read differently never get this far: the
 * firewall ({@link EngineFirewall}) refuses them.
 */
final class AccessRules {

    static final String ADMIN = "ADMIN";
    static final String READ = "READ";
    /** A signed-in operator: reads, and triggers syncs. */
    static final String OPERATOR = "OPERATOR";
    /** A signed-in member of a team: a role in some namespaces or on some backends only. */
    static final String TEAM = "TEAM";
    /** A team member who may also sync. */
    static final String TEAM_OPERATOR = "TEAM_OPERATOR";

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Always open, whatever the method. */
    static final RequestMatcher OPEN = new OrRequestMatcher(PATHS.matcher("/actuator/health/**"),
            PATHS.matcher("/api/v1/webhooks/**"));

    /** Requests that may change state. */
    static final RequestMatcher WRITE = request -> !safe(request.getMethod());

    /** Manual actions an operator may take as well as an admin. */
    static final RequestMatcher OPERATE = new OrRequestMatcher(PATHS.matcher(HttpMethod.POST, "/api/v1/sync"),
            // Which resources a team operator may suspend is checked per resource (OperatorScope); sources need an admin.
            PATHS.matcher(HttpMethod.POST, "/api/v1/resources/{kind}/{namespace}/{name}/suspend"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/resources/{kind}/{namespace}/{name}/resume"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/rollouts/{kind}/{namespace}/{name}/promote"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/rollouts/{kind}/{namespace}/{name}/abort"),
            PATHS.matcher(HttpMethod.POST, "/api/v1/resources/{kind}/{namespace}/{name}/rollback"));

    /**
     * What the caller may do ({@code GET /api/v1/access}): its bearer token is read even where reads need none,
     * since the answer is about that token (an anonymous caller, or a wrong token, may do nothing).
     */
    static final RequestMatcher ACCESS = PATHS.matcher(HttpMethod.GET, "/api/v1/access");

    /**
     * The reads that show a team member only their own namespaces and backends ({@link Visibility}): resources,
     * audit, the live stream, the overview's counts, the sources holding their resources (with their errors only)
     * the backends their roles are bound to, and the kinds (definitions only, no counts). Every other read (plans,
     * analyses, notifications, metrics, the API document) lists every team, so it needs an engine-wide role.
     */
    static final RequestMatcher TEAM_READS = new OrRequestMatcher(PATHS.matcher(HttpMethod.GET, "/api/v1/resources"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/resources/**"), PATHS.matcher(HttpMethod.GET, "/api/v1/audit"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/events"), ACCESS,
            PATHS.matcher(HttpMethod.GET, "/api/v1/windows"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/rollouts"), PATHS.matcher(HttpMethod.GET, "/api/v1/rollouts/**"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/orphans"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/overview"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/sources"), PATHS.matcher(HttpMethod.GET, "/api/v1/backends"),
            PATHS.matcher(HttpMethod.GET, "/api/v1/kinds"));

    /** Safe requests that need no token whatever the settings. */
    static final RequestMatcher PREFLIGHT = PATHS.matcher(HttpMethod.OPTIONS, "/**");

    /**
     * Reads of data, under the read rule; also the engine's API answers (not the dashboard's files), which
     * are never cached. {@code /v3/**} whole: springdoc serves {@code /v3/api-docs.yaml} beside
     * {@code /v3/api-docs}.
     */
    static final RequestMatcher DATA = new OrRequestMatcher(PATHS.matcher("/api/**"), PATHS.matcher("/actuator/**"),
            PATHS.matcher("/v3/**"));

    private AccessRules() {
    }

    /**
     * Requests whose bearer token is checked: those the rules above do not leave open. A token sent where
     * none is needed is ignored, as before, so a stale token a dashboard still holds breaks nothing.
     */
    static RequestMatcher guarded(boolean readTokenRequired) {
        return request -> !OPEN.matches(request) && (WRITE.matches(request) || ACCESS.matches(request)
                || readTokenRequired && !PREFLIGHT.matches(request) && DATA.matches(request));
    }

    private static boolean safe(String method) {
        return method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD") || method.equalsIgnoreCase("OPTIONS");
    }
}
