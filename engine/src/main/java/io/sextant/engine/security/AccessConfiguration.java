package io.sextant.engine.security;

import io.sextant.engine.config.ConfigurationException;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

/**
 * Access control on Spring Security's filter chain ({@link AccessRules}). Bearer tokens (the engine's own,
 * and with single sign-on the provider's JWTs) for everything; no HTTP Basic or login form. Without single
 * sign-on there are no sessions or cookies at all; with it, a browser that signed in holds a session that only
 * ever authorises reads. Either way a cross-site page cannot make a browser change state, so CSRF protection,
 * which guards cookie sessions that may write, is off. The firewall runs before any rule, so every rule sees a path the router reads the same way.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    SecurityFilterChain access(HttpSecurity http, StaticTokenProvider tokens, ReadToken read, AuthProperties auth)
            throws Exception {
        Optional<SingleSignOn> sso = singleSignOn(auth);
        // With single sign-on on, reads are for people with a role, as they are for the read token's holders.
        boolean readsGuarded = read.required() || sso.isPresent();
        Refusals refusals = new Refusals(sso.isPresent());
        List<AuthenticationProvider> providers = new ArrayList<>(List.of(tokens));
        sso.ifPresent(s -> providers.add(new JwtTokenProvider(s)));
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(providers), new BearerTokenConverter());
        bearer.setRequestMatcher(AccessRules.guarded(readsGuarded));
        bearer.setFailureHandler(refusals);
        bearer.setSuccessHandler(continueChain());
        AuthorizationManager<RequestAuthorizationContext> reads = readsGuarded
                ? AuthorityAuthorizationManager.hasAnyRole(AccessRules.ADMIN, AccessRules.READ)
                : SingleResultAuthorizationManager.permitAll();
        http
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .authorizeHttpRequests(rules -> rules
                        // The request these dispatches continue was authorised when it arrived.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(AccessRules.OPEN).permitAll()
                        .requestMatchers(AccessRules.OPERATE).access(byBearer(AuthorityAuthorizationManager.hasAnyRole(
                                AccessRules.ADMIN, AccessRules.OPERATOR, AccessRules.TEAM_OPERATOR)))
                        .requestMatchers(AccessRules.WRITE).access(byBearer(
                                AuthorityAuthorizationManager.hasRole(AccessRules.ADMIN)))
                        .requestMatchers(AccessRules.PREFLIGHT).permitAll()
                        .requestMatchers(AccessRules.TEAM_READS).access(readsGuarded
                                ? AuthorityAuthorizationManager.hasAnyRole(AccessRules.ADMIN, AccessRules.READ, AccessRules.TEAM)
                                : reads)
                        .requestMatchers(AccessRules.DATA).access(reads)
                        .anyRequest().permitAll())
                .headers(headers -> headers
                        // The dashboard's files set their own caching (dashboard.DashboardHeaders).
                        .cacheControl(cache -> cache.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(AccessRules.DATA,
                                new StaticHeadersWriter("Cache-Control", "no-store"))));
        if (sso.isEmpty()) {
            // No sessions, so nothing to sign out of.
            http.logout(logout -> logout.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        } else {
            signIn(http, sso.get(), refusals);
        }
        return http.build();
    }

    /**
     * The dashboard's sign-in: authorization code with PKCE at the provider, then a session cookie for this
     * browser. The session only ever authorises reads ({@link #byBearer}): a state change needs a bearer token in
     * a header, which a cross-site page cannot make the browser send, so CSRF protection stays unnecessary.
     */
    private static void signIn(HttpSecurity http, SingleSignOn sso, Refusals refusals) throws Exception {
        ClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(sso.registration());
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                        .userInfoEndpoint(user -> user.userAuthoritiesMapper(authorities -> personRoles(sso, authorities)))
                        .defaultSuccessUrl("/", true)
                        .failureHandler(refusals));
        SignOut.configure(http, registrations);
    }

    /** The roles of a person who signed in, from the groups claim of their ID token (or user info). */
    private static Collection<? extends GrantedAuthority> personRoles(SingleSignOn sso,
                                                                      Collection<? extends GrantedAuthority> granted) {
        List<String> groups = new ArrayList<>();
        for (GrantedAuthority authority : granted) {
            if (authority instanceof OAuth2UserAuthority user) {
                groups.addAll(TeamRoles.groups(user.getAttributes().get(sso.groupsClaim())));
            }
        }
        return sso.roles().authorities(groups);
    }

    /** Only a caller that sent a bearer token may change state; a browser's session cookie never does. */
    private static AuthorizationManager<RequestAuthorizationContext> byBearer(
            AuthorizationManager<RequestAuthorizationContext> roles) {
        return (authentication, context) -> authentication.get() instanceof OAuth2AuthenticationToken
                ? new AuthorizationDecision(false)
                : roles.authorize(authentication, context);
    }

    private static Optional<SingleSignOn> singleSignOn(AuthProperties auth) {
        if (!auth.oidc().enabled()) {
            if (!auth.roles().isEmpty()) {
                throw new ConfigurationException("sextant.auth.roles", "is set, but sextant.auth.oidc.issuer-uri is not",
                        "Configure the OpenID Connect provider whose groups the roles name, or remove the roles.");
            }
            return Optional.empty();
        }
        if (auth.roles().isEmpty()) {
            throw new ConfigurationException("sextant.auth.roles", "is empty: nobody who signs in could do anything",
                    "Bind at least one group to a role (viewer, operator or admin).");
        }
        return Optional.of(SingleSignOn.configure(auth.oidc(), new TeamRoles(auth.roles()), System::getenv));
    }

    @Bean
    WebSecurityCustomizer firewall(AdminToken admin, ReadToken read, AuthProperties auth) {
        Refusals refusals = new Refusals(auth.oidc().enabled());
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
