package io.sextant.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Every refusal of the security chain as an {@code application/problem+json} answer that says what to
 * send instead: 400 for a request the firewall rejects, 401 for a missing or wrong token (the entry
 * point, and the failure of a presented token), 403 for the read token on a write endpoint.
 */
final class Refusals implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler,
        RequestRejectedHandler {

    private final boolean singleSignOn;

    Refusals(boolean singleSignOn) {
        this.singleSignOn = singleSignOn;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String authorization = request.getHeader("Authorization");
        String detail = AccessRules.WRITE.matches(request)
                ? "this endpoint changes state and needs 'Authorization: Bearer <admin token>' (sextant.api.admin-token,"
                        + " or the admin-token file in the data directory)"
                : "reading needs 'Authorization: Bearer <token>' with the read token (sextant.api.read-token)"
                        + " or the admin token" + (singleSignOn ? ", or an access token from the single sign-on provider;"
                        + " in a browser, sign in at /oauth2/authorization/" + SingleSignOn.REGISTRATION : "");
        Problems.write(request, response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                detail + rejected(authorization));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        commence(request, response, e);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Problems.write(request, response, HttpServletResponse.SC_FORBIDDEN, "Forbidden", forbidden(request));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        String detail = e instanceof EngineFirewall.CredentialInQuery
                ? e.getMessage()
                // The firewall's own words about the path name a fixed pattern, never the caller's input;
                // its words about headers may quote a header's value (a token, perhaps), so are not repeated.
                : e.getMessage() != null && e.getMessage().startsWith("The request was rejected because the URL")
                        ? e.getMessage().replaceFirst("\\.$", "") + "; send the plain path: no ';', no encoded '/', '\\', '.' or '%',"
                                + " no '.' or '..' segments, no '//'"
                        : "the request was rejected: its method, path or headers are not ones this engine accepts";
        Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                e instanceof EngineFirewall.CredentialInQuery ? "Credentials in query string" : "Bad Request", detail);
    }

    /** Why the caller, known but not allowed, is refused: by who they are, never by what they sent. */
    private static String forbidden(HttpServletRequest request) {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof PresentedToken) {
            return "the read token cannot change state; this endpoint needs the admin token";
        }
        if (caller instanceof OAuth2AuthenticationToken) {
            return "a signed-in browser session only reads; to change state send 'Authorization: Bearer <token>'";
        }
        boolean team = caller != null && caller.getAuthorities().stream().anyMatch(TeamGrant.class::isInstance);
        if (team && !AccessRules.WRITE.matches(request)) {
            return caller.getName() + " cannot see this: it covers every namespace and needs an engine-wide role;"
                    + " your roles are limited to some namespaces or backends";
        }
        String needed = AccessRules.OPERATE.matches(request) ? "the operator or admin role"
                : AccessRules.WRITE.matches(request) ? "the admin role" : "a role (viewer, operator or admin)";
        return (caller == null ? "you" : caller.getName()) + " cannot do this: it needs " + needed
                + ", which sextant.auth.roles grants to none of your groups";
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
