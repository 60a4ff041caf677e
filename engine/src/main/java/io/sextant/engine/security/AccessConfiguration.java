package io.sextant.engine.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Access control on Spring Security's filter chain ({@link AccessRules}). Bearer tokens only: no cookies,
 * no sessions, no HTTP Basic or login form, so a browser never attaches credentials on its own and a
 * cross-site page cannot make it change state; CSRF protection, which guards cookie sessions, is therefore
 * off. The firewall runs before any rule, so every rule sees a path the router reads the same way.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    SecurityFilterChain access(HttpSecurity http, StaticTokenProvider tokens, ReadToken read) throws Exception {
        Refusals refusals = new Refusals();
        // Further providers (an OIDC JWT resource server's) join this list; each answers for its own tokens.
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(List.of(tokens)),
                new BearerTokenConverter());
        bearer.setRequestMatcher(AccessRules.guarded(read.required()));
        bearer.setFailureHandler(refusals);
        bearer.setSuccessHandler(continueChain());
        AuthorizationManager<RequestAuthorizationContext> reads = read.required()
                ? AuthorityAuthorizationManager.hasAnyRole(AccessRules.ADMIN, AccessRules.READ)
                : SingleResultAuthorizationManager.permitAll();
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .authorizeHttpRequests(rules -> rules
                        // The request these dispatches continue was authorised when it arrived.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(AccessRules.OPEN).permitAll()
                        .requestMatchers(AccessRules.WRITE).hasRole(AccessRules.ADMIN)
                        .requestMatchers(AccessRules.PREFLIGHT).permitAll()
                        .requestMatchers(AccessRules.DATA).access(reads)
                        .anyRequest().permitAll())
                .headers(headers -> headers
                        // The dashboard's files set their own caching (dashboard.DashboardHeaders).
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(AccessRules.DATA,
                                new StaticHeadersWriter("Cache-Control", "no-store"))))
                .build();
    }

    @Bean
    WebSecurityCustomizer firewall(AdminToken admin, ReadToken read) {
        Refusals refusals = new Refusals();
        EngineFirewall firewall = new EngineFirewall(admin, read);
        return web -> web.httpFirewall(firewall).requestRejectedHandler(refusals);
    }

    /**
     * Lets encoded slashes and backslashes, and raw backslashes, through Tomcat to the firewall, which
     * refuses every one of them with a problem document; Tomcat's own refusal is an HTML error page. The
     * firewall checks the raw URI, so {@code allowBackslash} (which lets Tomcat's decoded path read a
     * backslash as '/') widens nothing: no request holding one gets past the firewall to a rule or route.
     */
    @Bean
    TomcatConnectorCustomizer pathsReachTheFirewall() {
        return connector -> {
            connector.setEncodedSolidusHandling("passthrough");
            connector.setEncodedReverseSolidusHandling("passthrough");
            connector.setAllowBackslash(true);
            connector.setProperty("relaxedPathChars", "\\");
        };
    }

    /** After a token is recognised the request simply goes on; there is no page to redirect to. */
    private static AuthenticationSuccessHandler continueChain() {
        return (request, response, authentication) -> {
        };
    }
}
