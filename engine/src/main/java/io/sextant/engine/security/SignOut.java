package io.sextant.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing out of the dashboard ({@code POST /logout}): the engine ends the session and answers where the
 * browser goes next, {@code {"location": url}}: the provider's {@code end_session_endpoint} when its discovery
 * document advertises one (OpenID Connect RP-initiated logout, with the ID token as hint and the dashboard as
 * the way back) to end the provider's session too, otherwise the dashboard. An answer rather than a redirect:
 * the dashboard's Content-Security-Policy forbids form posts ({@code form-action 'none'}) and would stop a
 * form's redirect to the provider, so the page posts with a script and navigates itself.
 *
 * <p>CSRF protection is off (a session never authorises a state change), so a page on another site could
 * post a form here and sign the person out. A browser says where a request comes from in
 * {@code Sec-Fetch-Site}: only one from this origin, or from no page at all (a script, an old browser), signs
 * out; a cross-site post is not a sign-out and changes nothing.
 */
final class SignOut {

    static final String PATH = "/logout";

    private static final RequestMatcher POST = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH);
    static final RequestMatcher REQUEST = request -> POST.matches(request) && notFromAnotherSite(request);

    private SignOut() {
    }

    static void configure(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        Answer provider = new Answer(registrations);
        provider.setPostLogoutRedirectUri("{baseUrl}/");
        provider.setDefaultTargetUrl("/");
        http.logout(logout -> logout.logoutRequestMatcher(REQUEST).logoutSuccessHandler(provider)
                .invalidateHttpSession(true).clearAuthentication(true).deleteCookies("JSESSIONID"));
    }

    /** Spring's RP-initiated logout, telling the page where to go instead of redirecting it. */
    private static final class Answer extends OidcClientInitiatedLogoutSuccessHandler {

        Answer(ClientRegistrationRepository registrations) {
            super(registrations);
        }

        @Override
        public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response,
                                    Authentication authentication) throws IOException {
            String location = determineTargetUrl(request, response, authentication);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            response.getWriter().write(JsonMapper.shared().writeValueAsString(Map.of("location", location)));
        }
    }

    private static boolean notFromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        return site == null || site.equals("same-origin") || site.equals("none");
    }
}
