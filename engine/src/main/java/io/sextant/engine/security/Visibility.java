package io.sextant.engine.security;

import java.util.List;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What the caller of the current request may see: everything (the engine's tokens, a person with an
 * engine-wide role, or anyone when reads are open), or only the resources, audit events and live messages of
 * the namespaces and backends their team roles name. Taken on the request's thread: an event stream takes it
 * when it opens and keeps it.
 */
public final class Visibility {

    private static final Visibility EVERYTHING = new Visibility(true, List.of());

    private final boolean everything;
    private final List<TeamGrant> grants;

    private Visibility(boolean everything, List<TeamGrant> grants) {
        this.everything = everything;
        this.grants = grants;
    }

    /** What the caller of the request this thread serves may see. */
    public static Visibility ofCaller() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || caller instanceof AnonymousAuthenticationToken) {
            // Only reachable where the access rules let anonymous callers read at all.
            return EVERYTHING;
        }
        List<TeamGrant> grants = caller.getAuthorities().stream()
                .filter(TeamGrant.class::isInstance).map(TeamGrant.class::cast).toList();
        boolean engineWide = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.equals("ROLE_" + AccessRules.READ) || a.equals("ROLE_" + AccessRules.ADMIN));
        return engineWide ? EVERYTHING : new Visibility(false, grants);
    }

    /** Whether nothing is hidden from this caller. */
    public boolean everything() {
        return everything;
    }

    /**
     * Whether the caller may see a finding about {@code namespace} whose backend is not known (a spec error):
     * any of their grants covers that namespace.
     */
    public boolean seesNamespace(String namespace) {
        return everything || grants.stream().anyMatch(grant -> TeamGrant.matches(grant.namespaces(), namespace));
    }

    /** Whether the caller may see a backend: one of their grants is bound to it (or to every backend). */
    public boolean seesBackend(String backend) {
        return everything || grants.stream().anyMatch(grant -> TeamGrant.matches(grant.backends(), backend));
    }

    /** Whether the caller may see a resource in {@code namespace} on {@code backend} (null: not known). */
    public boolean sees(String namespace, String backend) {
        return everything || grants.stream().anyMatch(grant -> grant.covers(namespace, backend));
    }
}
