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

    /** The role authorities the groups grant; each role also grants the ones below it. */
    Set<GrantedAuthority> authorities(Collection<String> groups) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (AuthProperties.RoleBinding binding : bindings) {
            if (groups.contains(binding.group())) {
                for (Role role : Role.values()) {
                    if (role.compareTo(binding.role()) <= 0) {
                        roles.add(role);
                    }
                }
            }
        }
        Set<GrantedAuthority> authorities = new LinkedHashSet<>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.authority())));
        return authorities;
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
        // Granting a narrower scope before lists and actions honour it would show and allow more than it says.
        if (!binding.namespaces().equals(List.of("*"))) {
            throw new ConfigurationException(key + ".namespaces", "roles per namespace are not supported yet",
                    "Leave namespaces out (or write [\"*\"]): this version grants roles engine-wide.");
        }
        if (!binding.backends().equals(List.of("*"))) {
            throw new ConfigurationException(key + ".backends", "roles per backend are not supported yet",
                    "Leave backends out (or write [\"*\"]): this version grants roles engine-wide.");
        }
    }
}
