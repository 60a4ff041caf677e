package io.sextant.engine.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Recognises the engine's own tokens: the admin token grants {@code ROLE_ADMIN}, the read token
 * {@code ROLE_READ}. Both compare SHA-256 digests with {@code MessageDigest.isEqual} ({@link BearerToken}),
 * so neither content nor length leaks through timing. It is one provider among the chain's
 * {@link org.springframework.security.authentication.ProviderManager}'s: a provider for tokens issued
 * elsewhere (an OIDC JWT resource server) can sit beside it, each answering for the tokens it knows.
 * Being a bean also stops Spring Boot from creating its default user with a generated password.
 */
@Component
class StaticTokenProvider implements AuthenticationProvider {

    private final AdminToken admin;
    private final ReadToken read;

    StaticTokenProvider(AdminToken admin, ReadToken read) {
        this.admin = admin;
        this.read = read;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String presented = (String) authentication.getCredentials();
        // Both comparisons always run: which token matched must not show in the time taken.
        boolean isAdmin = admin.token().matches(presented);
        boolean isReader = read.token().map(token -> token.matches(presented)).orElse(false);
        if (isAdmin) {
            return PresentedToken.granted("admin token", AccessRules.ADMIN);
        }
        if (isReader) {
            return PresentedToken.granted("read token", AccessRules.READ);
        }
        throw new BadCredentialsException("the bearer token presented is not accepted");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return PresentedToken.class.isAssignableFrom(authentication);
    }
}
