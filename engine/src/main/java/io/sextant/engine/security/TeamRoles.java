package io.sextant.engine.security;

import io.sextant.engine.config.ConfigurationException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The roles of {@code sextant.auth.roles}, turning the groups a person's token lists into what they may do.
 * Like an Argo CD project, a binding may be limited to some namespaces and backends: such a person sees only
 * those resources, their audit events and live messages ({@link Visibility}).
 * A person in no bound group is signed in but may do nothing: the provider decides who someone is, the
 * engine's configuration what they may do.
 */
final class TeamRoles {

    private final List<AuthProperties.RoleBinding> bindings;

    TeamRoles(List<AuthProperties.RoleBinding> bindings) {
        for (int i = 0; i < bindings.size(); i++) {
            check("sextant.auth.roles[" + i + "]", bindings.get(i));
        }
        this.bindings = List.copyOf(bindings);
    }

    /**
     * The authorities the groups grant. An engine-wide binding grants its role and the ones below it; a binding
     * scoped to namespaces or backends grants a {@link TeamGrant}, plus {@code ROLE_TEAM} (may read the lists
     * that are filtered per team) and, for an operator or admin, {@code ROLE_TEAM_OPERATOR} (may sync).
     */
    Set<GrantedAuthority> authorities(Collection<String> groups) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        for (AuthProperties.RoleBinding binding : bindings) {
            if (!groups.contains(binding.group())) {
                continue;
            }
            if (engineWide(binding)) {
                for (Role role : Role.values()) {
                    if (role.compareTo(binding.role()) <= 0) {
                        roles.add(role);
                    }
                }
            } else {
                authorities.add(new TeamGrant(binding.role(), binding.namespaces(), binding.backends()));
                authorities.add(new SimpleGrantedAuthority("ROLE_" + AccessRules.TEAM));
                if (binding.role() != Role.VIEWER) {
                    authorities.add(new SimpleGrantedAuthority("ROLE_" + AccessRules.TEAM_OPERATOR));
                }
            }
        }
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.authority())));
        return authorities;
    }

    private static boolean engineWide(AuthProperties.RoleBinding binding) {
        return binding.namespaces().equals(List.of("*")) && binding.backends().equals(List.of("*"));
    }

    /** The groups of a claim's value: a JSON array of strings, or one string. */
    static List<String> groups(Object claim) {
        if (claim instanceof Collection<?> values) {
            return values.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return claim instanceof String one ? List.of(one) : List.of();
    }

    private static void check(String key, AuthProperties.RoleBinding binding) {
        if (binding.group() == null || binding.group().isBlank()) {
            throw new ConfigurationException(key + ".group", "is not set",
                    "Name the group (a value of the groups claim) whose members hold this role.");
        }
        if (binding.role() == null) {
            throw new ConfigurationException(key + ".role", "is not set", "Set it to viewer, operator or admin.");
        }
        if (binding.namespaces().isEmpty() || binding.namespaces().stream().anyMatch(n -> n == null || n.isBlank())) {
            throw new ConfigurationException(key + ".namespaces", "is empty or holds a blank name",
                    "List the namespaces the role applies in, or leave the key out for all (\"*\").");
        }
        if (binding.backends().isEmpty() || binding.backends().stream().anyMatch(b -> b == null || b.isBlank())) {
            throw new ConfigurationException(key + ".backends", "is empty or holds a blank name",
                    "List the backends the role applies on, or leave the key out for all (\"*\").");
        }
    }
}
