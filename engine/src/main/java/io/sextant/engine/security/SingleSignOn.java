package io.sextant.engine.security;

import io.sextant.engine.config.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The engine's client at an OpenID Connect provider ({@code sextant.auth.oidc}), made at start-up from the
 * provider's discovery document: the registration the dashboard signs in with, and the decoder that checks
 * the provider's JWT access tokens on the API. Spring Security does the checking: the signature against the
 * provider's JWKS (only the algorithms its keys are for, so an unsigned {@code alg: none} token never
 * passes), the issuer, the audience, and expiry and not-before with a minute's clock skew.
 */
record SingleSignOn(ClientRegistration registration, JwtDecoder decoder, String groupsClaim, TeamRoles roles) {

    /** The registration id, also the last segment of the login path {@code /oauth2/authorization/sso}. */
    static final String REGISTRATION = "sso";

    static SingleSignOn configure(AuthProperties.Oidc oidc, TeamRoles roles, UnaryOperator<String> env) {
        String issuer = oidc.issuerUri().toString();
        if (oidc.clientId() == null || oidc.clientId().isBlank()) {
            throw new ConfigurationException("sextant.auth.oidc.client-id", "is not set",
                    "Set the client id the provider gave this engine.");
        }
        String secret = clientSecret(oidc, env);
        ClientRegistration registration;
        try {
            registration = ClientRegistrations.fromIssuerLocation(issuer)
                    .registrationId(REGISTRATION)
                    .clientId(oidc.clientId().strip())
                    .clientSecret(secret)
                    .scope(oidc.scopes())
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .build();
        } catch (RuntimeException e) {
            throw new ConfigurationException("sextant.auth.oidc.issuer-uri", "cannot read the provider's discovery"
                    + " document at " + issuer + "/.well-known/openid-configuration (" + e.getClass().getSimpleName() + ")",
                    "Check the issuer URI and that the provider is reachable from the engine.", e);
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder
                .withJwkSetUri(registration.getProviderDetails().getJwkSetUri()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtAudienceValidator(oidc.expectedAudience())));
        return new SingleSignOn(registration, decoder, oidc.groupsClaim(), roles);
    }

    private static String clientSecret(AuthProperties.Oidc oidc, UnaryOperator<String> env) {
        String key = "sextant.auth.oidc.client-secret";
        boolean fromEnv = oidc.clientSecretEnv() != null && !oidc.clientSecretEnv().isBlank();
        if (fromEnv == (oidc.clientSecretFile() != null)) {
            throw new ConfigurationException(key + "-env", fromEnv ? "is set, and so is " + key + "-file"
                    : "neither it nor " + key + "-file is set", "Name exactly one place the client secret is read from.");
        }
        if (fromEnv) {
            String value = env.apply(oidc.clientSecretEnv().strip());
            if (value == null || value.isBlank()) {
                throw new ConfigurationException(key + "-env", "environment variable " + oidc.clientSecretEnv().strip()
                        + " is not set or empty", "Export it before starting the engine.");
            }
            return value.strip();
        }
        try {
            String value = Files.readString(oidc.clientSecretFile()).strip();
            if (value.isEmpty()) {
                throw new ConfigurationException(key + "-file", oidc.clientSecretFile() + " is empty",
                        "Write the client secret into the file.");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigurationException(key + "-file", "cannot read " + oidc.clientSecretFile()
                    + " (" + e.getClass().getSimpleName() + ")", "Check the path and the file's permissions.");
        }
    }
}
