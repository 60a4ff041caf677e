package io.sextant.engine.webhook;

import static io.sextant.engine.webhook.Sources.source;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Where secrets come from, and that a source with no usable secret has none (so refuses webhooks). */
@ExtendWith(OutputCaptureExtension.class)
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
    void aSourceWithoutUsableSecretHasNoneAndTheLogSaysWhatToFix(CapturedOutput output) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        WebhookSecrets secrets = WebhookSecrets.load(List.of(
                source("name", "plain", "url", "/r"),
                source("name", "unset", "url", "/r", "webhook.secret-env", "NOT_SET_ANYWHERE"),
                source("name", "blank", "url", "/r", "webhook.secret-env", "BLANK"),
                source("name", "missing", "url", "/r", "webhook.secret-file", dir.resolve("nope").toString()),
                source("name", "hollow", "url", "/r", "webhook.secret-file", empty.toString()),
                source("name", "both", "url", "/r", "webhook.secret-env", "SET", "webhook.secret-file", empty.toString())),
                Map.of("BLANK", "", "SET", "top-secret-value")::get);

        for (String name : List.of("plain", "unset", "blank", "missing", "hollow", "both")) {
            assertThat(secrets.of(name)).as(name).isEmpty();
        }
        assertThat(output).contains("environment variable NOT_SET_ANYWHERE is not set")
                .contains("cannot read " + dir.resolve("nope")).contains(empty + " is empty")
                .contains("are both set").doesNotContain("top-secret-value");
    }
}
