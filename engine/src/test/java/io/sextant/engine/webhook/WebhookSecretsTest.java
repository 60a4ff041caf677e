package io.sextant.engine.webhook;

import static io.sextant.engine.webhook.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SourceProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where secrets come from; a source without one refuses webhooks, and one named but unusable stops start-up. */
class WebhookSecretsTest {

    @TempDir
    Path dir;

    static String secretOf(WebhookSecrets secrets, String source) {
        return secrets.of(source).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @Test
    void readsTheEnvironmentVariableTheSourceNames() {
        WebhookSecrets secrets = WebhookSecrets.load(List.of(
                source("name", "fleet", "url", "/r", "webhook.secret-env", "FLEET_HOOK")),
                Map.of("FLEET_HOOK", "from-env")::get);

        assertThat(secretOf(secrets, "fleet")).isEqualTo("from-env");
    }

    @Test
    void readsASecretFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-file\n");
        WebhookSecrets secrets = WebhookSecrets.load(List.of(
                source("name", "fleet", "url", "/r", "webhook.secret-file", file.toString())), name -> null);

        assertThat(secretOf(secrets, "fleet")).isEqualTo("from-file");
    }

    @Test
    void aSourceWithoutAWebhookSettingHasNoSecret() {
        WebhookSecrets secrets = WebhookSecrets.load(List.of(source("name", "plain", "url", "/r")), name -> null);

        assertThat(secrets.of("plain")).isEmpty();
        assertThat(secrets.any()).isFalse();
    }

    @Test
    void aSecretNamedButUnusableIsAConfigurationMistakeNamingSourceAndVariableOrFileNeverTheSecret() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        Map<String, String> env = Map.of("BLANK", "", "SET", "top-secret-value");
        Map<SourceProperties, String> mistakes = new LinkedHashMap<>();
        mistakes.put(source("name", "unset", "url", "/r", "webhook.secret-env", "NOT_SET_ANYWHERE"),
                "sextant.sources[unset].webhook.secret-env: environment variable NOT_SET_ANYWHERE is not set or empty");
        mistakes.put(source("name", "blank", "url", "/r", "webhook.secret-env", "BLANK"),
                "sextant.sources[blank].webhook.secret-env: environment variable BLANK is not set or empty");
        mistakes.put(source("name", "missing", "url", "/r", "webhook.secret-file", dir.resolve("nope").toString()),
                "sextant.sources[missing].webhook.secret-file: cannot read " + dir.resolve("nope") + " (NoSuchFileException)");
        mistakes.put(source("name", "hollow", "url", "/r", "webhook.secret-file", empty.toString()),
                "sextant.sources[hollow].webhook.secret-file: " + empty + " is empty");
        mistakes.put(source("name", "both", "url", "/r", "webhook.secret-env", "SET", "webhook.secret-file", empty.toString()),
                "sextant.sources[both].webhook.secret-env: is set together with sextant.sources[both].webhook.secret-file");

        mistakes.forEach((source, message) -> assertThatThrownBy(() -> WebhookSecrets.load(List.of(source), env::get))
                .as(source.name()).isInstanceOf(ConfigurationException.class).hasMessage(message)
                .satisfies(e -> assertThat(((ConfigurationException) e).fix()).contains(source.name())
                        .doesNotContain("top-secret-value")));
    }
}
