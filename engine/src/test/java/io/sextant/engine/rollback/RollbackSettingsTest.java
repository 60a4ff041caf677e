package io.sextant.engine.rollback;

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
 * {@code sextant.sources[].rollback} mistakes stop the engine at start-up with one line naming the key: a
 * revert pull request needs the source's host, a push needs credentials that may write.
 */
@ExtendWith(OutputCaptureExtension.class)
class RollbackSettingsTest {

    private static final Pattern REPORT = Pattern.compile(
            "APPLICATION FAILED TO START\\s*\\*+\\s*Description:\\R\\R(.*?)\\R\\R", Pattern.DOTALL);

    @TempDir
    Path tmp;

    private String refusal(CapturedOutput output, String rollback) throws IOException {
        Path file = Files.writeString(tmp.resolve("sextant.yaml"), """
                sextant:
                  sources:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                      rollback: %s
                  backends:
                    - {name: sim-local, type: sim, gpus: {H100-80GB: 1}}
                """.formatted(rollback));
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + tmp.resolve("data"))
                .run("--spring.config.additional-location=" + file)) {
            throw new AssertionError("the engine started with rollback " + rollback);
        } catch (RuntimeException expected) {
            // The report is the output under test.
        }
        Matcher report = REPORT.matcher(output.getAll());
        assertThat(report.find()).as("the failure report in:%n%s", output.getAll()).isTrue();
        return report.group(1);
    }

    @Test
    void aPullRequestOnAbortWithoutAHostIsRefused(CapturedOutput output) throws IOException {
        assertThat(refusal(output, "{on-abort: pull-request}")).contains(
                "sextant.sources[platform].rollback.on-abort: pull-request needs sextant.sources[platform].host");
    }

    @Test
    void aPushOnAbortWithoutWriteCredentialsIsRefused(CapturedOutput output) throws IOException {
        assertThat(refusal(output, "{on-abort: push}")).contains(
                "sextant.sources[platform].rollback.on-abort: push needs write credentials");
    }

    @Test
    void anUnknownOnAbortNamesTheChoices(CapturedOutput output) throws IOException {
        assertThat(refusal(output, "{on-abort: revert}")).contains(
                "sextant.sources[platform].rollback.on-abort: must be none, pull-request or push, got 'revert'");
    }
}
