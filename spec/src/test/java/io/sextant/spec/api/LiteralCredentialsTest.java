package io.sextant.spec.api;

import static io.sextant.spec.api.Specs.load;
import static io.sextant.spec.api.Specs.messages;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A literal credential in a spec refuses its file at file, line and field, and the value is never echoed. */
class LiteralCredentialsTest {

    // Built at run time so that no scanner mistakes this source for a leak; each has the real shape.
    static final String HF = "hf_" + "aZ3kP9qR2sT5uV8wX1yB4cD7eF0gH6jK";
    static final String AKIA = "AKIA" + "Q3EXAMPLE7KEY2ZZ";
    static final String GHP = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    static final String GLPAT = "glpat-" + "xYz12AbC34dEf56GhI78";
    static final String SLACK = "xoxb-" + "123456789012-abcdefABCDEF";
    static final String KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\n    MIIEowIBAAKCAQEAx4Gh\n    -----END RSA PRIVATE KEY-----";

    private static final String VALID = Specs.deployment("llama", "search", "sim-local", 1, 1, 2, "");

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("    env: {HF_TOKEN: " + HF + "}", "Hugging Face token (hf_…(redacted))"),
                Arguments.of("    env: {AWS_ACCESS_KEY_ID: " + AKIA + "}", "AWS access key id (AKIA…(redacted))"),
                Arguments.of("    env: {GH: " + GHP + "}", "GitHub token (ghp_…(redacted))"),
                Arguments.of("    env: {GL: " + GLPAT + "}", "GitLab token (glpat-…(redacted))"),
                Arguments.of("    env: {SLACK: " + SLACK + "}", "Slack token (xox…(redacted))"),
                Arguments.of("    env: {API_TOKEN: 'q8ZrT2vLm4XpW9sKd3Hj7BnC'}", "secret (a random-looking value"));
    }

    @ParameterizedTest
    @MethodSource("literals")
    void refusesTheFileAtTheLineAndFieldNamingTheRuleButNotTheValue(String envLine, String rule) {
        String yaml = VALID.replace("    args: {tensor-parallel-size: 1}",
                "    args: {tensor-parallel-size: 1}\n" + envLine);

        LoadResult result = load("models/llama.yaml", yaml);

        assertThat(result.documents()).isEmpty();
        assertThat(messages(result.errors())).singleElement().asString()
                .startsWith("models/llama.yaml:12: spec.runtime.env.")
                .contains("looks like a literal " + rule)
                .contains("secretRef");
        String everything = result.errors().toString();
        for (String literal : new String[] {HF, AKIA, GHP, GLPAT, SLACK, "q8ZrT2vLm4XpW9sKd3Hj7BnC"}) {
            assertThat(everything).doesNotContain(literal);
        }
    }

    @Test
    void refusesAPrivateKeyBlockAndMasksItsBody() {
        String yaml = VALID.replace("    args: {tensor-parallel-size: 1}",
                "    args: {tensor-parallel-size: 1}\n    env:\n      TLS_KEY: |\n        " + KEY.replace("\n    ", "\n        "));

        LoadResult result = load("m.yaml", yaml);

        assertThat(messages(result.errors())).singleElement().asString()
                .startsWith("m.yaml:13: spec.runtime.env.TLS_KEY: looks like a literal private key (-----BEGIN RSA PRIVATE KEY-----…(redacted))");
        assertThat(result.errors().toString()).doesNotContain("MIIEowIBAAKCAQEAx4Gh");
    }

    @Test
    void refusesACredentialInACommentOrInADocumentThatDoesNotParse() {
        String comment = VALID + "# old token: " + HF + "\n";
        String broken = "apiVersion: sextant.io/v1\nkind: [unclosed " + AKIA + "\n";

        assertThat(messages(load("c.yaml", comment).errors()))
                .containsExactly("c.yaml:17: looks like a literal Hugging Face token (hf_…(redacted)): credentials must not be"
                        + " in Git; name it with a secretRef {name, key} instead");
        LoadResult bad = load("b.yaml", broken);
        assertThat(bad.errors()).extracting(e -> e.line()).contains(2);
        assertThat(bad.errors().toString()).doesNotContain(AKIA).contains("AKIA…(redacted)");
    }

    @Test
    void masksACredentialEchoedByAnotherError() {
        String yaml = VALID.replace("  backend: sim-local", "  backend: " + GHP);

        LoadResult result = load("m.yaml", yaml);

        assertThat(result.errors().toString()).doesNotContain(GHP);
        assertThat(messages(result.errors())).anyMatch(m -> m.startsWith("m.yaml:7: spec.backend: looks like a literal GitHub token"));
    }

    @Test
    void acceptsOrdinaryValuesUnderSecretLikeKeysAndSecretReferenceNames() {
        String yaml = VALID.replace("    args: {tensor-parallel-size: 1}",
                "    args: {tensor-parallel-size: 1, api-key-header: X-Api-Key}\n"
                        + "    env: {TOKEN_FILE: /var/run/secrets/token, PASSWORD_POLICY: strict}");

        assertThat(load("m.yaml", yaml).errors()).isEmpty();
        assertThat(Credentials.redact("no secrets here, hf_short")).isEqualTo("no secrets here, hf_short");
    }
}
