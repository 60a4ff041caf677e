package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Notification settings that cannot work stop start-up with one line naming the key, and never print a secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotificationStartupTest {

    private static final Pattern REPORT = Pattern.compile(
            "APPLICATION FAILED TO START\\s*\\*+\\s*Description:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R", Pattern.DOTALL);

    @TempDir
    Path tmp;

    String refusal(CapturedOutput output, String yaml) throws IOException {
        Path file = Files.writeString(tmp.resolve("sextant.yaml"), yaml);
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + tmp.resolve("data"))
                .run("--spring.config.additional-location=" + file)) {
            throw new AssertionError("the engine started with " + yaml);
        } catch (RuntimeException expected) {
            // The report is the output under test.
        }
        Matcher report = REPORT.matcher(output.getAll());
        assertThat(report.find()).as("the failure report in:%n%s", output.getAll()).isTrue();
        assertThat(output.getAll().lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat "));
        return report.group(1);
    }

    @Test
    void aMistypedChannelKeyIsRefusedWithTheKeyMeant(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - {name: ops, type: slack, url-envv: SLACK_URL}
                """);

        assertThat(description).startsWith("sextant.notifications.channels[0].url-envv (")
                .endsWith("did you mean sextant.notifications.channels[0].url-env?");
    }

    @Test
    void aSlackUrlFromAnUnsetVariableIsRefused(CapturedOutput output) throws IOException {
        assertThat(refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - {name: ops, type: slack, url-env: SEXTANT_TEST_NEVER_SET_SLACK_URL}
                """)).isEqualTo("sextant.notifications.channels[0].url-env: environment variable"
                + " SEXTANT_TEST_NEVER_SET_SLACK_URL is not set or empty");
        assertThat(Files.exists(tmp.resolve("data/sample-repo"))).as("refused before anything started").isFalse();
    }

    @Test
    void anEmptySigningSecretFileIsRefused(CapturedOutput output) throws IOException {
        Path empty = Files.writeString(tmp.resolve("empty-secret"), "\n");
        assertThat(refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - {name: hooks, type: webhook, url: "https://hooks.example.com/x", secret-file: %s}
                """.formatted(empty))).isEqualTo("sextant.notifications.channels[0].secret-file: " + empty + " is empty");
    }

    @Test
    void aSlackUrlWrittenIntoTheFileIsRefusedAsASecret(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - {name: ops, type: slack, url: "https://hooks.slack.com/services/T0/B0/SECRETPART"}
                """);

        assertThat(description).isEqualTo("sextant.notifications.channels[0].url: a Slack incoming-webhook URL is a secret");
        assertThat(output.getAll()).doesNotContain("SECRETPART");
    }

    @Test
    void aWebhookUrlCarryingCredentialsIsRefusedWithoutQuotingThem(CapturedOutput output) throws IOException {
        Path secret = Files.writeString(tmp.resolve("hook-secret"), "s");
        String description = refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - name: hooks
                        type: webhook
                        url: "https://robot:hunter2pass@hooks.example.com/sextant"
                        secret-file: %s
                """.formatted(secret));

        assertThat(description).isEqualTo("sextant.notifications.channels[0].url: the URL carries credentials"
                + " (user information before '@')");
        assertThat(output.getAll()).doesNotContain("hunter2pass");
    }

    @Test
    void aRuleNamingAnUnknownEventOrChannelIsRefused(CapturedOutput output) throws IOException {
        Path secret = Files.writeString(tmp.resolve("hook-secret"), "s");
        assertThat(refusal(output, """
                sextant:
                  notifications:
                    channels:
                      - {name: hooks, type: webhook, url: "https://hooks.example.com/x", secret-file: %s}
                    rules:
                      - {channels: [hooks], events: [sync.failed, sync.exploded]}
                """.formatted(secret))).isEqualTo("sextant.notifications.rules[0].events: 'sync.exploded' is not an"
                + " event type");
    }
}
