package io.sextant.git.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Signature and token checks, starting from GitHub's published test vector. */
class WebhookSignaturesTest {

    // From GitHub's "Validating webhook deliveries" documentation.
    static final byte[] DOC_SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    static final byte[] DOC_BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    static final String DOC_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    static final byte[] SECRET = "s3cret-webhook".getBytes(StandardCharsets.UTF_8);
    static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void acceptsGitHubsDocumentedSignature() {
        assertThat(WebhookSignatures.gitHub(DOC_SECRET, DOC_BODY, DOC_SIGNATURE)).isEqualTo(SignatureCheck.VALID);
        assertThat(WebhookSignatures.hmacSha256Hex(DOC_SECRET, DOC_BODY)).isEqualTo(DOC_SIGNATURE.substring(7));
    }

    @Test
    void acceptsUpperCaseHexAndAnUpperCasePrefix() {
        String upper = DOC_SIGNATURE.toUpperCase(Locale.ROOT);
        assertThat(WebhookSignatures.gitHub(DOC_SECRET, DOC_BODY, upper)).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        String forged = "sha256=" + WebhookSignatures.hmacSha256Hex("guessed".getBytes(StandardCharsets.UTF_8), BODY);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, forged)).isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesASignatureOfAnotherBody() {
        String signature = "sha256=" + WebhookSignatures.hmacSha256Hex(SECRET, BODY);
        byte[] reformatted = "{ \"ref\": \"refs/heads/main\" }".getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.gitHub(SECRET, reformatted, signature))
                .as("the signature covers the raw bytes, not the JSON value").isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void reportsAMissingSignature() {
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, null)).isEqualTo(SignatureCheck.MISSING);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, " ")).isEqualTo(SignatureCheck.MISSING);
        assertThat(WebhookSignatures.gitea(SECRET, BODY, null)).isEqualTo(SignatureCheck.MISSING);
        assertThat(WebhookSignatures.gitLabToken(SECRET, null)).isEqualTo(SignatureCheck.MISSING);
    }

    @Test
    void refusesSha1AndAnyOtherAlgorithmPrefix() {
        String hex = WebhookSignatures.hmacSha256Hex(SECRET, BODY);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, "sha1=" + hex)).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, "sha512=" + hex)).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, hex)).as("no prefix").isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, "sha1=2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"))
                .isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesMalformedHex() {
        String hex = WebhookSignatures.hmacSha256Hex(SECRET, BODY);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, "sha256=" + hex.substring(2))).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.gitHub(SECRET, BODY, "sha256=" + "zz" + hex.substring(2)))
                .isEqualTo(SignatureCheck.INVALID);
    }

    @Test
    void refusesToVerifyWithAnEmptySecret() {
        String hex = WebhookSignatures.hmacSha256Hex(SECRET, BODY);
        for (byte[] empty : new byte[][] {new byte[0], null}) {
            assertThatThrownBy(() -> WebhookSignatures.gitHub(empty, BODY, "sha256=" + hex))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be empty");
            assertThatThrownBy(() -> WebhookSignatures.gitea(empty, BODY, hex))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> WebhookSignatures.gitLabToken(empty, ""))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void checksGiteasBareHexSignature() {
        String hex = WebhookSignatures.hmacSha256Hex(SECRET, BODY);
        assertThat(WebhookSignatures.gitea(SECRET, BODY, hex)).isEqualTo(SignatureCheck.VALID);
        assertThat(WebhookSignatures.gitea(SECRET, BODY, "sha256=" + hex)).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.check(WebhookProvider.GITEA, SECRET, BODY, hex)).isEqualTo(SignatureCheck.VALID);
    }

    @Test
    void comparesGitLabsTokenWithTheSecret() {
        assertThat(WebhookSignatures.gitLabToken(SECRET, "s3cret-webhook")).isEqualTo(SignatureCheck.VALID);
        assertThat(WebhookSignatures.gitLabToken(SECRET, "s3cret-webhooK")).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.gitLabToken(SECRET, "s3cret-webhook ")).isEqualTo(SignatureCheck.INVALID);
        assertThat(WebhookSignatures.check(WebhookProvider.GITLAB, SECRET, BODY, "s3cret-webhook"))
                .as("the body plays no part in GitLab's check").isEqualTo(SignatureCheck.VALID);
    }
}
