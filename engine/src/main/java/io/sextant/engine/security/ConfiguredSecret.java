package io.sextant.engine.security;

import io.sextant.engine.config.ConfigurationException;
import java.util.function.UnaryOperator;

/**
 * Reads a secret set either directly ({@code sextant.api.x-token}) or through the name of an
 * environment variable that holds it ({@code sextant.api.x-token-env}). Error messages name the
 * setting and the variable, never the value.
 */
final class ConfiguredSecret {

    private ConfiguredSecret() {
    }

    /**
     * @param key     the direct setting's key, for messages
     * @param value   its value, or null
     * @param envName the environment variable named by {@code key + "-env"}, or null
     * @param env     looks environment variables up ({@code System::getenv} outside tests)
     * @return the secret, or null when neither is set
     * @throws IllegalStateException when both are set, or the variable is missing or blank
     */
    static String resolve(String key, String value, String envName, UnaryOperator<String> env) {
        boolean direct = value != null && !value.isBlank();
        boolean fromEnv = envName != null && !envName.isBlank();
        if (direct && fromEnv) {
            throw new ConfigurationException(key, "is set, and so is " + key + "-env", "Set only one of them.");
        }
        if (direct) {
            return value.trim();
        }
        if (!fromEnv) {
            return null;
        }
        String fromVariable = env.apply(envName.trim());
        if (fromVariable == null || fromVariable.isBlank()) {
            throw new ConfigurationException(key + "-env", "environment variable " + envName.trim()
                    + " is not set or empty", "Export " + envName.trim() + " before starting the engine.");
        }
        return fromVariable.trim();
    }
}
