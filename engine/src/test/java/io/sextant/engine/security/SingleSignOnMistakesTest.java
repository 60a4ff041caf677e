package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Single sign-on set up wrongly: the engine does not start, and its one-line report names the setting. A
 * provider it cannot sign people in with, or roles it would not honour as written, must never leave an
 * engine running that looks protected.
 */
@ExtendWith(OutputCaptureExtension.class)
class SingleSignOnMistakesTest {

    private static final Pattern REPORT = Pattern.compile(
            "APPLICATION FAILED TO START\\s*\\*+\\s*Description:\\R\\R(.*?)\\R\\RAction:", Pattern.DOTALL);

    static MockOAuth2Server provider;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server();
        provider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    String refusal(CapturedOutput output, String auth) throws IOException {
        Path file = Files.writeString(tmp.resolve("sextant.yaml"), "sextant:\n  auth:\n" + auth.indent(4));
        try (ConfigurableApplicationContext started = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + tmp.resolve("data"))
                .run("--spring.config.additional-location=" + file)) {
            throw new AssertionError("the engine started with " + auth);
        } catch (RuntimeException expected) {
            // The report is the output under test.
        }
        Matcher report = REPORT.matcher(output.getAll());
        assertThat(report.find()).as("the failure report in:%n%s", output.getAll()).isTrue();
        assertThat(report.group(1).lines()).as("one line").hasSize(1);
        return report.group(1);
    }

    String issuer() {
        return provider.issuerUrl("corp").toString();
    }

    @Test
    void aClientSecretVariableThatIsNotSetStopsStartUp(CapturedOutput output) throws IOException {
        assertThat(refusal(output, """
                oidc: {issuer-uri: %s, client-id: sextant, client-secret-env: SEXTANT_TEST_NEVER_SET_SECRET}
                roles: [{group: ops, role: admin}]
                """.formatted(issuer())))
                .contains("sextant.auth.oidc.client-secret-env").contains("SEXTANT_TEST_NEVER_SET_SECRET is not set");
    }

    @Test
    void noClientSecretAtAllStopsStartUp(CapturedOutput output) throws IOException {
        assertThat(refusal(output, """
                oidc: {issuer-uri: %s, client-id: sextant}
                roles: [{group: ops, role: admin}]
                """.formatted(issuer())))
                .contains("sextant.auth.oidc.client-secret-env: neither it nor sextant.auth.oidc.client-secret-file is set");
    }

    @Test
    void aMisspeltSettingIsNamed(CapturedOutput output) throws IOException {
        assertThat(refusal(output, """
                oidc: {issuer-url: %s}
                """.formatted(issuer()))).contains("sextant.auth.oidc.issuer-url").contains("did you mean");
    }

    @Test
    void aRoleBindingWithoutItsRoleIsNamed(CapturedOutput output) throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "s3cret");
        assertThat(refusal(output, """
                oidc: {issuer-uri: %s, client-id: sextant, client-secret-file: %s}
                roles: [{group: ops, role: admin}, {group: search-team, namespaces: [search]}]
                """.formatted(issuer(), secret)))
                .contains("sextant.auth.roles[1].role: is not set");
    }

    @Test
    void rolesWithoutAProviderAndAProviderWithoutRolesAreRefused(CapturedOutput output) throws IOException {
        assertThat(refusal(output, "roles: [{group: ops, role: admin}]"))
                .contains("sextant.auth.roles: is set, but sextant.auth.oidc.issuer-uri is not");
    }

    @Test
    void aProviderThatCannotBeDiscoveredStopsStartUp(CapturedOutput output) throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret"), "s3cret");
        assertThat(refusal(output, """
                oidc: {issuer-uri: "http://127.0.0.1:9/nowhere", client-id: sextant, client-secret-file: %s}
                roles: [{group: ops, role: admin}]
                """.formatted(secret)))
                .contains("sextant.auth.oidc.issuer-uri: cannot read the provider's discovery document");
    }
}
