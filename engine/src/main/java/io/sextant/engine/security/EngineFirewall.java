package io.sextant.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its defaults (no {@code ;}, no encoded {@code /},
 * {@code \}, {@code .} or {@code %}, only normalised paths, printable headers, known methods), plus one
 * rule of this engine: no credential in the query string. URLs end up in access logs, proxy logs,
 * browser history and {@code Referer} headers, so a token sent there is refused rather than used.
 * Only the raw query string is read, never {@code getParameter}, which would consume a form-encoded
 * body a webhook signature covers.
 */
final class EngineFirewall implements HttpFirewall {

    /** A token in the query string; its message names the parameter, never the value. */
    static final class CredentialInQuery extends RequestRejectedException {
        CredentialInQuery(String parameter) {
            super("query parameter '" + parameter + "' carries a credential; URLs end up in logs and browser history,"
                    + " so send it as 'Authorization: Bearer <token>' instead (and consider the token exposed)");
        }
    }

    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final List<BearerToken> tokens = new ArrayList<>();

    EngineFirewall(AdminToken admin, ReadToken read) {
        tokens.add(admin.token());
        read.token().ifPresent(tokens::add);
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        FirewalledRequest checked = strict.getFirewalledRequest(request);
        String leaked = QueryCredentials.find(request.getQueryString(), tokens);
        if (leaked != null) {
            throw new CredentialInQuery(leaked);
        }
        return checked;
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
