package io.sextant.engine.security;

import java.io.Serializable;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;

/**
 * A role a person holds in some namespaces and on some backends only ({@code sextant.auth.roles[]} with
 * {@code namespaces} or {@code backends} other than {@code ["*"]}). It travels with the person's
 * authentication, in the browser's session too, hence serializable.
 */
record TeamGrant(Role role, List<String> namespaces, List<String> backends) implements GrantedAuthority, Serializable {

    TeamGrant {
        namespaces = List.copyOf(namespaces);
        backends = List.copyOf(backends);
    }

    /**
     * Whether the grant covers a resource in {@code namespace} on {@code backend}. A message that names no
     * backend (a removal) is covered only by a grant for every backend: it could be about any of them.
     */
    boolean covers(String namespace, String backend) {
        return matches(namespaces, namespace) && matches(backends, backend);
    }

    /** Whether the grant names {@code namespace}, on any backend (a sync window of a namespace is its team's). */
    boolean coversNamespace(String namespace) {
        return matches(namespaces, namespace);
    }

    static boolean matches(List<String> allowed, String value) {
        return allowed.contains("*") || value != null && allowed.contains(value);
    }

    @Override
    public String getAuthority() {
        return "TEAM_" + role.name();
    }
}
