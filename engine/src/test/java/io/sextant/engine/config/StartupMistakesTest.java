package io.sextant.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
 * Configuration mistakes as users make them, each in a file named with
 * {@code --spring.config.additional-location}: the engine does not start, and says why in Spring Boot's
 * "APPLICATION FAILED TO START" report on one line naming the key, with no stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupMistakesTest {

    private static final Pattern REPORT = Pattern.compile(
            "APPLICATION FAILED TO START\\s*\\*+\\s*Description:\\R\\R(.*?)\\R\\RAction:\\R\\R(.*?)\\R", Pattern.DOTALL);

    @TempDir
    Path tmp;

    /** The report's description, after checking the engine refused to start and printed no stack trace. */
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
        String description = report.group(1);
        assertThat(description.lines()).as("one line").hasSize(1);
        assertThat(output.getAll().lines()).as("no stack trace").noneMatch(line -> line.startsWith("\tat "));
        assertThat(Files.exists(tmp.resolve("data/sample-repo"))).as("no sample fleet made").isFalse();
        return description;
    }

    @Test
    void theReadmeExampleWithItsVariableUnsetLeavesNoKnownAdminToken(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  api:
                    admin-token: ${SEXTANT_TEST_NEVER_SET_ADMIN_TOKEN}
                """);

        assertThat(description).isEqualTo("sextant.api.admin-token: holds ${SEXTANT_TEST_NEVER_SET_ADMIN_TOKEN},"
                + " a placeholder nothing sets");
    }

    @Test
    void anEmptyAdminTokenIsRefusedRatherThanIgnored(CapturedOutput output) throws IOException {
        assertThat(refusal(output, "sextant:\n  api:\n    admin-token: \"\"\n"))
                .isEqualTo("sextant.api.admin-token: is set but empty");
    }

    @Test
    void sourceInsteadOfSourcesSuggestsTheKeyAndRunsNoSampleFleet(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  source:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                """);

        assertThat(description).startsWith("sextant.source[0].name (").endsWith("did you mean sextant.sources?");
    }

    @Test
    void aMisspeltSettingIsNamedWithItsLineAndTheSettingMeant(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                      poll-intervall: 30s
                """);

        assertThat(description).contains("sextant.sources[0].poll-intervall", "sextant.yaml] - 5:23")
                .endsWith("did you mean sextant.sources[0].poll-interval?");
    }

    @Test
    void aNamedFileWithoutSextantSettingsIsNotTakenAsNoConfiguration(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sources:
                  - name: platform
                    url: https://git.example.com/acme/ai-platform.git
                """);

        assertThat(description).isEqualTo("spring.config.additional-location: " + tmp.resolve("sextant.yaml")
                + " has no settings under 'sextant:'");
    }

    @Test
    void aGitTokenVariableThatIsNotSetStopsStartUp(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                      auth: {token-env: SEXTANT_TEST_NEVER_SET_GIT_TOKEN}
                """);

        assertThat(description).isEqualTo("sextant.sources[0].auth.token-env: environment variable"
                + " SEXTANT_TEST_NEVER_SET_GIT_TOKEN is not set or empty");
    }

    @Test
    void theSampleFleetNeverLandsOnARealBackend(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  backends:
                    - {name: sim-local, type: vllm, url: "http://127.0.0.1:9"}
                """);

        assertThat(description).startsWith("sextant.sources: is not set, while sextant.backends configures a vllm backend");
        assertThat(List.of(description)).noneMatch(d -> d.contains("Exception"));
    }

    @Test
    void aPolicyPrefixThatWouldAdmitALookAlikeIsRefusedNamingItsKey(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  policy:
                    namespaces:
                      search: {models: {allowed-uris: ["hf://meta-llama/%2e%2e/"]}}
                """);

        assertThat(description).startsWith("sextant.policy.namespaces.search.models.allowed-uris: 'hf://meta-llama/%2e%2e/'"
                + " contains '%'");
    }

    @Test
    void aPolicyGpuTypeThatNoBackendHasIsRefusedNamingItsKey(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  backends:
                    - {name: lab, type: sim, gpus: {L4-24GB: 2}}
                  policy:
                    defaults:
                      gpus: {allowed-types: [L4-24G]}
                """);

        assertThat(description).isEqualTo("sextant.policy.defaults.gpus.allowed-types: names GPU type 'L4-24G', which"
                + " none of its backends has (they have: L4-24GB)");
    }

    @Test
    void simBackendsWithoutSourcesAreRefusedRatherThanGivenTheSampleFleet(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  backends:
                    - {name: lab, type: sim, gpus: {L4-24GB: 2}}
                """);

        assertThat(description).isEqualTo("sextant.sources: is not set, while sextant.backends configures a sim"
                + " backend (lab); the embedded sample fleet runs only when neither is set");
    }

    @Test
    void aMisspeltBackendSettingIsNamedWithTheSettingOfItsTypeMeant(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  backends:
                    - {name: lab, type: sim, gpus: {L4-24GB: 2}}
                    - name: vllm-shared
                      type: vllm
                      urll: http://127.0.0.1:9
                """);

        assertThat(description).startsWith("sextant.backends[1].urll (").contains("sextant.yaml] - 8:13")
                .endsWith("unknown setting for a vllm backend; did you mean sextant.backends[1].url?");
    }

    @Test
    void aSettingOfAnotherBackendTypeIsRefusedWithTheTypesOwnSettings(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  backends:
                    - {name: triton-a, type: triton, url: "http://127.0.0.1:9", gpus: {L4-24GB: 2}}
                """);

        assertThat(description).startsWith("sextant.backends[0].gpus (").endsWith("unknown setting for a"
                + " triton backend; it has name, type, load-timeout, max-concurrency, timeout, token-env, token-file, url");
    }

    @Test
    void aMisspeltKubernetesSettingSuggestsTheOneMeant(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  backends:
                    - {name: prod, type: kubernetes, namespce: inference}
                """);

        assertThat(description).startsWith("sextant.backends[0].namespce (")
                .endsWith("unknown setting for a kubernetes backend; did you mean sextant.backends[0].namespace?");
    }

    @Test
    void aMisspeltBackendTypeIsRefusedWithTheBackendNamed(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - {name: platform, url: https://git.example.com/acme/ai-platform.git}
                  backends:
                    - {name: vllm-shared, type: vlm, url: "http://127.0.0.1:9"}
                """);

        assertThat(description).startsWith("sextant.backends[vllm-shared]: backend 'vllm-shared': unknown type 'vlm'");
    }

    @Test
    void aWebhookSecretVariableThatIsNotSetStopsStartUpNamingTheSource(CapturedOutput output) throws IOException {
        String description = refusal(output, """
                sextant:
                  sources:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                      webhook: {secret-env: SEXTANT_TEST_NEVER_SET_WEBHOOK_SECRET}
                  backends:
                    - {name: sim-local, type: sim, gpus: {L4-24GB: 1}}
                """);

        assertThat(description).isEqualTo("sextant.sources[platform].webhook.secret-env: environment variable"
                + " SEXTANT_TEST_NEVER_SET_WEBHOOK_SECRET is not set or empty");
    }

    @Test
    void aWebhookSecretFileThatIsMissingOrEmptyStopsStartUpNamingTheFile(CapturedOutput output) throws IOException {
        Path missing = tmp.resolve("no-such-secret");
        String description = refusal(output, """
                sextant:
                  sources:
                    - name: platform
                      url: https://git.example.com/acme/ai-platform.git
                      webhook: {secret-file: %s}
                  backends:
                    - {name: sim-local, type: sim, gpus: {L4-24GB: 1}}
                """.formatted(missing));

        assertThat(description).isEqualTo("sextant.sources[platform].webhook.secret-file: cannot read " + missing
                + " (NoSuchFileException)");
    }
}
