package io.sextant.engine.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A bearer token as a caller presented it, before ({@link #presented}) and after ({@link #granted})
 * an {@link org.springframework.security.authentication.AuthenticationProvider} recognised it. Once
 * recognised, the secret is erased: only the name of the token and its role remain in the security
 * context, where logging or a debugger could otherwise show them.
 */
final class PresentedToken extends AbstractAuthenticationToken {

    private final String name;
    private String secret;

    private PresentedToken(String name, String secret, List<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.name = name;
        this.secret = secret;
    }

    static PresentedToken presented(String secret) {
        return new PresentedToken("bearer", secret, List.of());
    }

    /** A recognised token: {@code name} is which one (never the secret), {@code role} what it grants. */
    static PresentedToken granted(String name, String role) {
        PresentedToken token = new PresentedToken(name, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
        token.setAuthenticated(true);
        return token;
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return name;
    }

    @Override
    public void eraseCredentials() {
        secret = null;
        super.eraseCredentials();
    }

    @Override
    public String toString() {
        return "PresentedToken[" + name + ", " + getAuthorities() + "]";
    }
}
