package io.sextant.git.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Splitting a raw commit into signed bytes and signature, as {@code git verify-commit} does. */
class SignedPayloadTest {

    static final String HEAD = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
            + "author A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n";

    @Test
    void removesTheSignatureHeaderWithItsContinuationLines() {
        String raw = HEAD + "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n \n -----END SSH SIGNATURE-----\n"
                + "\nmessage\n";

        SignedPayload payload = SignedPayload.of(raw.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(payload.data(), StandardCharsets.UTF_8)).isEqualTo(HEAD + "\nmessage\n");
        assertThat(payload.signature())
                .isEqualTo("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n\n-----END SSH SIGNATURE-----\n");
    }

    @Test
    void keepsHeadersAfterTheSignatureInTheSignedBytes() {
        String raw = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\ngpgsig sig\n line 2\n"
                + "author A <a@example.com> 1700000000 +0000\n\nmessage";

        SignedPayload payload = SignedPayload.of(raw.getBytes(StandardCharsets.UTF_8));

        assertThat(new String(payload.data(), StandardCharsets.UTF_8)).isEqualTo(
                "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\n\nmessage");
        assertThat(payload.signature()).isEqualTo("sig\nline 2\n");
    }

    @Test
    void aCommitWithoutTheHeaderIsUnsigned() {
        assertThat(SignedPayload.of((HEAD + "\nmessage\n").getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void aSignatureQuotedInTheMessageIsNotASignature() {
        String raw = HEAD + "\nrevert\n\ngpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n";

        assertThat(SignedPayload.of(raw.getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
