package io.sextant.engine.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Whether the caller of the current request may take an operator's action (suspend, resume) on one resource:
 * the admin token, an engine-wide operator or admin, or a team operator or admin whose grant covers the
 * resource's namespace and backend. The access rules let every team operator reach the endpoint; this is the
 * per-resource half of the check, which only the controller, knowing the resource, can make.
 */
public final class OperatorScope {

    private OperatorScope() {
    }

    public static boolean mayOperate(String namespace, String backend) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null) {
            return false;
        }
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (authority instanceof TeamGrant grant) {
                if (grant.role() != Role.VIEWER && grant.covers(namespace, backend)) {
                    return true;
                }
            } else if (("ROLE_" + AccessRules.ADMIN).equals(authority.getAuthority())
                    || ("ROLE_" + AccessRules.OPERATOR).equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
