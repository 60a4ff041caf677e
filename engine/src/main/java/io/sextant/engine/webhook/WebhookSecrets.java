package io.sextant.engine.webhook;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each source's webhook secret, read once at start-up from the environment variable or file its
 * configuration names. A source whose secret is missing, empty or unreadable has none and so
 * refuses webhooks (401, as any unauthenticated delivery); the engine still starts, because polling
 * keeps the source in sync, and says in its log what to fix (naming the variable or file, never the secret).
 */
final class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private final Map<String, byte[]> bySource;

    private WebhookSecrets(Map<String, byte[]> bySource) {
        this.bySource = bySource;
    }

    /**
     * @param environment reads an environment variable ({@code System::getenv} in production)
     */
    static WebhookSecrets load(Collection<SourceProperties> sources, Function<String, String> environment) {
        Map<String, byte[]> secrets = new HashMap<>();
        for (SourceProperties source : sources) {
            read(source, environment).ifPresent(secret -> secrets.put(source.name(), secret));
        }
        return new WebhookSecrets(secrets);
    }

    /** The secret of {@code source}, if it has a usable one. */
    Optional<byte[]> of(String source) {
        return Optional.ofNullable(bySource.get(source));
    }

    private static Optional<byte[]> read(SourceProperties source, Function<String, String> environment) {
        SourceProperties.WebhookProperties webhook = source.webhook();
        String prefix = "sextant.sources[" + source.name() + "].webhook.";
        if (webhook == null || (webhook.secretEnv() == null && webhook.secretFile() == null)) {
            return Optional.empty();
        }
        if (webhook.secretEnv() != null && webhook.secretFile() != null) {
            log.warn("{}secret-env and {}secret-file are both set; set one. Webhooks for source {} are refused until then",
                    prefix, prefix, source.name());
            return Optional.empty();
        }
        String secret;
        if (webhook.secretEnv() != null) {
            secret = environment.apply(webhook.secretEnv());
            if (secret == null || secret.isEmpty()) {
                log.warn("{}secret-env: environment variable {} is not set or empty; webhooks for source {} are refused",
                        prefix, webhook.secretEnv(), source.name());
                return Optional.empty();
            }
        } else {
            try {
                // A file written with `echo` ends in a newline that is no part of the secret.
                secret = Files.readString(Path.of(webhook.secretFile()), StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            } catch (IOException | RuntimeException e) {
                log.warn("{}secret-file: cannot read {} ({}); webhooks for source {} are refused",
                        prefix, webhook.secretFile(), e.getClass().getSimpleName(), source.name());
                return Optional.empty();
            }
            if (secret.isEmpty()) {
                log.warn("{}secret-file: {} is empty; webhooks for source {} are refused",
                        prefix, webhook.secretFile(), source.name());
                return Optional.empty();
            }
        }
        return Optional.of(secret.getBytes(StandardCharsets.UTF_8));
    }
}
