package io.sextant.engine.security;

/**
 * What a signed-in person may do, from least to most. Each role includes the ones before it.
 */
enum Role {
    /** Reads resources, sources, audit and the live event stream. */
    VIEWER(AccessRules.READ),
    /** Also triggers syncs ({@code POST /api/v1/sync}), suspends or resumes resources, promotes or aborts rollouts and asks for rollbacks. */
    OPERATOR(AccessRules.OPERATOR),
    /** Everything the admin token may do. */
    ADMIN(AccessRules.ADMIN);

    private final String authority;

    Role(String authority) {
        this.authority = authority;
    }

    /** The Spring Security role ({@code ROLE_} prefix left out) this role grants. */
    String authority() {
        return authority;
    }
}
