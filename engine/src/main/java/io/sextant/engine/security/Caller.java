package io.sextant.engine.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The person who made the current request, as the audit log names them: their subject and e-mail from the
 * single sign-on provider. The engine's own tokens name nobody (whoever holds them), so they are no person.
 *
 * @param subject the provider's {@code sub}
 * @param email   the {@code email} claim, when the token has one
 */
public record Caller(String subject, String email) {

    /**
     * The person signed in to the dashboard with a session (who can sign out at {@code POST /logout}); empty for
     * a bearer token, which has no session to end.
     */
    public static Optional<Caller> signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof OidcUser person
                ? Optional.of(new Caller(person.getSubject(), person.getEmail())) : Optional.empty();
    }

    /** The person making the request this thread serves; empty for an engine token or an anonymous caller. */
    public static Optional<Caller> person() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return Optional.of(new Caller(jwt.getToken().getSubject(), jwt.getToken().getClaimAsString("email")));
        }
        if (authentication != null && authentication.getPrincipal() instanceof OidcUser person) {
            return Optional.of(new Caller(person.getSubject(), person.getEmail()));
        }
        return Optional.empty();
    }
}
