package io.sextant.engine.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who made the current request, as the audit log names them: a person's subject and e-mail from the single
 * sign-on provider's token, or which engine token was used ({@code admin token}, {@code read token}). Never a
 * secret: the engine's tokens are named, not quoted.
 *
 * @param subject the provider's {@code sub}, or the engine token's name
 * @param email   the {@code email} claim, when the token has one
 */
public record Caller(String subject, String email) {

    /** The caller of the request this thread serves; empty for an anonymous one. */
    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return Optional.of(new Caller(jwt.getToken().getSubject(), jwt.getToken().getClaimAsString("email")));
        }
        if (authentication instanceof PresentedToken token) {
            return Optional.of(new Caller(token.getName(), null));
        }
        if (authentication != null && authentication.getPrincipal() instanceof OidcUser person) {
            return Optional.of(new Caller(person.getSubject(), person.getEmail()));
        }
        return Optional.empty();
    }
}
