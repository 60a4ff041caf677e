package io.sextant.engine.secrets;

import io.sextant.appliers.api.Secrets;
import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties.SecretProperties;
import io.sextant.plugin.BackendException;
import io.sextant.spec.kinds.SecretRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The engine's {@code sextant.secrets}: where each named secret's value is read from, checked at start-up
 * (a name a spec could write, exactly one of {@code env} and {@code file}), read only when a backend asks.
 * Nothing here logs or returns a value in a message: errors name the secret, the key and the place looked at.
 */
public final class ConfiguredSecrets implements Secrets {

    /** What a spec's {@code secretRef.name} may be (the schema's pattern), so a name no spec can reach is refused. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");

    private final Map<String, SecretProperties> secrets;
    private final UnaryOperator<String> env;

    private ConfiguredSecrets(Map<String, SecretProperties> secrets, UnaryOperator<String> env) {
        this.secrets = Map.copyOf(secrets);
        this.env = env;
    }

    /**
     * @throws ConfigurationException naming the key of the first secret that is misconfigured
     */
    public static ConfiguredSecrets of(Map<String, SecretProperties> secrets, UnaryOperator<String> env) {
        secrets.forEach((name, source) -> {
            String key = "sextant.secrets." + name;
            if (!NAME.matcher(name).matches() || name.length() > 253) {
                throw new ConfigurationException(key, "is not a name a secretRef can name",
                        "Use lowercase letters, digits, '-' and '.', as Kubernetes Secret names do.");
            }
            boolean hasEnv = source != null && source.env() != null && !source.env().isBlank();
            boolean hasFile = source != null && source.file() != null;
            if (hasEnv == hasFile) {
                throw new ConfigurationException(key, hasEnv ? "sets both env and file" : "sets neither env nor file",
                        "Name exactly one place the secret's value is read from.");
            }
        });
        return new ConfiguredSecrets(secrets, env);
    }

    @Override
    public String value(SecretRef ref) throws BackendException {
        SecretProperties source = secrets.get(ref.name());
        if (source == null) {
            throw Secrets.missing(ref, "no sextant.secrets." + ref.name() + " is configured");
        }
        if (source.env() != null && !source.env().isBlank()) {
            String value = env.apply(source.env().strip());
            if (value == null || value.isBlank()) {
                throw Secrets.missing(ref, "environment variable " + source.env().strip() + " is not set or empty");
            }
            return value.strip();
        }
        return fromFile(ref, source.file());
    }

    private static String fromFile(SecretRef ref, Path file) throws BackendException {
        if (!KEY.matcher(ref.key()).matches() || ref.key().equals(".") || ref.key().equals("..")) {
            // The schema already refuses these; a key must never walk out of the secret's directory.
            throw Secrets.missing(ref, "the key is not a file name");
        }
        Path path = Files.isDirectory(file) ? file.resolve(ref.key()) : file;
        try {
            String value = Files.readString(path).strip();
            if (value.isEmpty()) {
                throw Secrets.missing(ref, path + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw Secrets.missing(ref, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
