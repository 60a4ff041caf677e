package io.sextant.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>}; any other scheme (HTTP Basic included) or no header
 * leaves the request anonymous. Tokens are read from this header only, never from the query string
 * ({@link EngineFirewall} refuses those) or a cookie.
 */
final class BearerTokenConverter implements AuthenticationConverter {

    @Override
    public Authentication convert(HttpServletRequest request) {
        String token = BearerToken.presentedToken(request.getHeader("Authorization"));
        return token == null ? null : PresentedToken.presented(token);
    }
}
