package io.sextant.engine.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may sign in and what they may do, under {@code sextant.auth.*} (README "Single sign-on and roles").
 * Without {@code oidc.issuer-uri} the engine knows only its admin and read tokens, as before.
 *
 * @param oidc  the OpenID Connect provider people sign in with
 * @param roles which role each group from the provider's tokens holds
 */
@ConfigurationProperties("sextant.auth")
record AuthProperties(@DefaultValue Oidc oidc, List<RoleBinding> roles) {

    AuthProperties {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /**
     * An OpenID Connect provider, found through its discovery document ({@code issuer-uri}
     * {@code /.well-known/openid-configuration}).
     *
     * @param issuerUri        the provider's issuer; tokens must name exactly this issuer
     * @param clientId         the engine's client id at the provider
     * @param clientSecretEnv  environment variable holding the client secret
     * @param clientSecretFile file holding the client secret (one of the two, never the secret itself)
     * @param audience         the {@code aud} an API access token must hold; defaults to the client id
     * @param groupsClaim      the claim listing a person's groups, bound to roles by {@code sextant.auth.roles}
     * @param scopes           the scopes the dashboard asks for when signing in
     */
    record Oidc(URI issuerUri, String clientId, String clientSecretEnv, Path clientSecretFile, String audience,
                @DefaultValue("groups") String groupsClaim,
                @DefaultValue({"openid", "profile", "email"}) List<String> scopes) {

        boolean enabled() {
            return issuerUri != null;
        }

        String expectedAudience() {
            return audience == null || audience.isBlank() ? clientId : audience.strip();
        }
    }

    /**
     * A role held by the members of a group, as an Argo CD project grants one: engine-wide ({@code ["*"]}, the
     * default) or in some namespaces and on some backends only, where lists, resource pages and the live event
     * stream show only what it covers.
     *
     * @param group      a value of the groups claim
     * @param role       viewer, operator (may also sync) or admin
     * @param namespaces where the role applies
     * @param backends   on which backends the role applies
     */
    record RoleBinding(String group, Role role, @DefaultValue("*") List<String> namespaces,
                       @DefaultValue("*") List<String> backends) {}
}
