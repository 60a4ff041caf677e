package io.sextant.engine.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Recognises the OpenID Connect provider's JWT access tokens, beside {@link StaticTokenProvider}: Spring
 * Security's resource server checks the token ({@link SingleSignOn#decoder()}), then the groups claim gives
 * the person's roles. A token that is not shaped as a JWT is left to the other providers; a JWT that fails any
 * check is refused with the same answer as any other unknown token, so the refusal tells a caller nothing
 * about which check failed.
 */
final class JwtTokenProvider implements AuthenticationProvider {

    private final JwtAuthenticationProvider jwt;

    JwtTokenProvider(SingleSignOn sso) {
        this.jwt = new JwtAuthenticationProvider(sso.decoder());
        jwt.setJwtAuthenticationConverter(token -> new JwtAuthenticationToken(token,
                sso.roles().authorities(TeamRoles.groups(token.getClaims().get(sso.groupsClaim()))), name(token)));
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = (String) authentication.getCredentials();
        if (presented == null || presented.chars().filter(c -> c == '.').count() != 2) {
            return null;
        }
        return jwt.authenticate(new BearerTokenAuthenticationToken(presented));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PresentedToken.class.isAssignableFrom(authentication);
    }

    /** The person as the audit log names them: the subject, with the e-mail when the token has one. */
    static String name(Jwt token) {
        String email = token.getClaimAsString("email");
        return email == null ? token.getSubject() : token.getSubject() + " <" + email + ">";
    }
}
