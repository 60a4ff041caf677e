package io.sextant.engine.security;

import io.sextant.engine.security.AccessRules.Requirement;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces {@link AccessRules} with bearer tokens. No cookies, no sessions, no HTTP Basic: a browser
 * never attaches these credentials on its own, so a cross-site page cannot make a logged-in user's
 * browser change state (CSRF-safe by construction). Credentials in query strings are refused.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AccessFilter extends OncePerRequestFilter {

    private final AdminToken admin;
    private final ReadToken read;
    private final List<BearerToken> tokens = new ArrayList<>();

    AccessFilter(AdminToken admin, ReadToken read) {
        this.admin = admin;
        this.read = read;
        tokens.add(admin.token());
        read.token().ifPresent(tokens::add);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String leaked = QueryCredentials.find(request.getQueryString(), tokens);
        if (leaked != null) {
            Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST, "Credentials in query string",
                    "query parameter '" + leaked + "' carries a credential; URLs end up in logs and browser history,"
                            + " so send it as 'Authorization: Bearer <token>' instead (and consider the token exposed)");
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Requirement requirement = AccessRules.requirement(request.getMethod(), path);
        String authorization = request.getHeader("Authorization");
        boolean isAdmin = admin.accepts(authorization);
        if (requirement == Requirement.OPEN || isAdmin || requirement == Requirement.READ && !read.required()) {
            chain.doFilter(request, response);
            return;
        }
        boolean isReader = read.accepts(authorization);
        if (requirement == Requirement.READ) {
            if (isReader) {
                chain.doFilter(request, response);
                return;
            }
            Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "reading needs 'Authorization: Bearer <token>' with the read token (sextant.api.read-token)"
                            + " or the admin token" + rejected(authorization));
            return;
        }
        if (isReader) {
            Problems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "the read token cannot change state; this endpoint needs the admin token");
            return;
        }
        Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                "this endpoint changes state and needs 'Authorization: Bearer <admin token>' (sextant.api.admin-token,"
                        + " or the admin-token file in the data directory)" + rejected(authorization));
    }

    private static String rejected(String authorization) {
        if (authorization == null) {
            return "";
        }
        return BearerToken.presentedToken(authorization) == null
                ? "; the Authorization header is not a bearer token"
                : "; the bearer token presented is not accepted";
    }
}
