package io.sextant.engine.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Checks the access rules cannot make by path alone: whether the caller may act on one resource (promote or
 * abort its rollout, roll it back). The rules let any operator through to these endpoints; a team's operator
 * may act only in the namespaces and on the backends of their grant.
 */
public final class Permissions {

    private Permissions() {
    }

    /** Whether the caller of this request holds operator or admin on a resource in {@code namespace}. */
    public static boolean mayOperate(String namespace, String backend) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null) {
            return false;
        }
        boolean engineWide = caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .anyMatch(a -> a.equals("ROLE_" + AccessRules.ADMIN) || a.equals("ROLE_" + AccessRules.OPERATOR));
        return engineWide || caller.getAuthorities().stream().filter(TeamGrant.class::isInstance)
                .map(TeamGrant.class::cast)
                .anyMatch(g -> g.role().compareTo(Role.OPERATOR) >= 0 && g.covers(namespace, backend));
    }
}
