package io.sextant.engine.webhook;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SourceProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each source's webhook secret, read once at start-up from the environment variable or file its
 * configuration names. A source with no {@code webhook} setting has no secret and refuses webhooks
 * (403, see {@link Refusals#UNCONFIGURED}). A source that names a secret the engine cannot use (an
 * unset or empty variable, a missing, unreadable or empty file, or both a variable and a file) is a
 * configuration mistake that stops start-up with a {@link ConfigurationException} naming the source and
 * the variable or file, never the secret: running on would refuse every delivery from a host that
 * believes it is configured, and polling would hide the mistake.
 */
final class WebhookSecrets {

    private final Map<String, byte[]> bySource;

    private WebhookSecrets(Map<String, byte[]> bySource) {
        this.bySource = bySource;
    }

    /**
     * @param environment reads an environment variable ({@code System::getenv} in production)
     * @throws ConfigurationException for the first source whose secret is named but cannot be used
     */
    static WebhookSecrets load(Collection<SourceProperties> sources, Function<String, String> environment) {
        Map<String, byte[]> secrets = new HashMap<>();
        for (SourceProperties source : sources) {
            read(source, environment).ifPresent(secret -> secrets.put(source.name(), secret));
        }
        return new WebhookSecrets(secrets);
    }

    /** The secret of {@code source}, if it has one. */
    Optional<byte[]> of(String source) {
        return Optional.ofNullable(bySource.get(source));
    }

    /** Whether any source has a secret: without one, every webhook is refused whatever it claims. */
    boolean any() {
        return !bySource.isEmpty();
    }

    private static Optional<byte[]> read(SourceProperties source, Function<String, String> environment) {
        SourceProperties.WebhookProperties webhook = source.webhook();
        String prefix = "sextant.sources[" + source.name() + "].webhook.";
        if (webhook == null || (webhook.secretEnv() == null && webhook.secretFile() == null)) {
            return Optional.empty();
        }
        if (webhook.secretEnv() != null && webhook.secretFile() != null) {
            throw new ConfigurationException(prefix + "secret-env", "is set together with " + prefix + "secret-file",
                    "Set one of them: the environment variable or the file that holds source " + source.name()
                            + "'s webhook secret.");
        }
        if (webhook.secretEnv() != null) {
            String secret = environment.apply(webhook.secretEnv());
            if (secret == null || secret.isEmpty()) {
                throw new ConfigurationException(prefix + "secret-env", "environment variable " + webhook.secretEnv()
                        + " is not set or empty", "Export " + webhook.secretEnv() + " with source " + source.name()
                        + "'s webhook secret before starting the engine, or remove the source's webhook setting "
                        + "to refuse its webhooks.");
            }
            return Optional.of(secret.getBytes(StandardCharsets.UTF_8));
        }
        Path file = Path.of(webhook.secretFile());
        String secret;
        try {
            // A file written with `echo` ends in a newline that is no part of the secret.
            secret = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
        } catch (IOException | RuntimeException e) {
            throw new ConfigurationException(prefix + "secret-file", "cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")", "Check the path (relative to the working directory) and "
                    + "the file's permissions, or remove source " + source.name() + "'s webhook setting.");
        }
        if (secret.isEmpty()) {
            throw new ConfigurationException(prefix + "secret-file", file + " is empty",
                    "Write source " + source.name() + "'s webhook secret into the file.");
        }
        return Optional.of(secret.getBytes(StandardCharsets.UTF_8));
    }
}
