package io.sextant.engine.security;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SextantProperties.ApiProperties;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The optional bearer token read endpoints require: {@code sextant.api.read-token}, or the environment
 * variable named by {@code sextant.api.read-token-env}. Without one, reads are open to anyone who can
 * reach the engine.
 */
@Component
public class ReadToken {

    private final BearerToken token;

    @Autowired
    public ReadToken(SextantProperties properties, AdminToken admin) {
        this(properties, admin, System::getenv);
    }

    ReadToken(SextantProperties properties, AdminToken admin, UnaryOperator<String> env) {
        ApiProperties api = properties.api();
        String configured = ConfiguredSecret.resolve("sextant.api.read-token", api.readToken(), api.readTokenEnv(), env);
        this.token = configured == null ? null : BearerToken.of(configured);
        if (token != null && token.sameAs(admin.token())) {
            throw new ConfigurationException("sextant.api.read-token", "is the admin token; a read-only token must differ,"
                    + " or whoever holds it could change state", "Give the read token a value of its own.");
        }
    }

    /** Whether reads need a token at all. */
    public boolean required() {
        return token != null;
    }

    /** Whether an {@code Authorization} header carries the read token (not the admin token); constant time. */
    public boolean accepts(String authorizationHeader) {
        return token != null && token.matchesHeader(authorizationHeader);
    }

    Optional<BearerToken> token() {
        return Optional.ofNullable(token);
    }
}
