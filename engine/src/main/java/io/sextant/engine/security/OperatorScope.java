package io.sextant.engine.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;

/**
 * Whether the caller of the current request may take an operator's action on one resource (suspend, resume,
 * promote or abort its rollout, roll it back):
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

    /**
     * What the caller may do, for the dashboard to offer only the buttons that would work: {@code admin} (the
     * admin token or an engine-wide admin: sources too) and the namespaces and backends it may operate in
     * ({@code "*"} for all). A browser's sign-in session may never write (only a bearer token may), so it may do
     * nothing here either.
     */
    public static Rights rights() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || caller instanceof OAuth2AuthenticationToken) {
            return new Rights(false, List.of());
        }
        boolean admin = false;
        List<Scope> operate = new ArrayList<>();
        for (GrantedAuthority authority : caller.getAuthorities()) {
            if (authority instanceof TeamGrant grant) {
                if (grant.role() != Role.VIEWER) {
                    operate.add(new Scope(grant.namespaces(), grant.backends()));
                }
            } else if (("ROLE_" + AccessRules.ADMIN).equals(authority.getAuthority())) {
                admin = true;
                operate.add(Scope.ALL);
            } else if (("ROLE_" + AccessRules.OPERATOR).equals(authority.getAuthority())) {
                operate.add(Scope.ALL);
            }
        }
        return new Rights(admin, operate.stream().distinct().toList());
    }

    /** What a caller may do: manage sources ({@code admin}), and suspend or resume resources where a scope covers. */
    public record Rights(boolean admin, List<Scope> operate) {}

    /** Namespaces and backends, {@code "*"} for every one. */
    public record Scope(List<String> namespaces, List<String> backends) {
        static final Scope ALL = new Scope(List.of("*"), List.of("*"));
    }
}
