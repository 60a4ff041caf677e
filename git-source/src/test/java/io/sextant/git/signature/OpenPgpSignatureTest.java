package io.sextant.git.signature;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.SignatureCheck.Status;
import org.junit.jupiter.api.Test;

/** OpenPGP-signed commits (GnuPG, the git default) against {@code *.asc} keys, and unsigned commits. */
class OpenPgpSignatureTest extends SignedRepositoryTest {

    @Test
    void openPgpSignatureByATrustedKeyIsVerified() throws Exception {
        try (TestSigners.Signer ada = TestSigners.gpg(tmp, "ada", "Ada Lovelace <ada@example.com>")) {
            ada.trust(keys);
            String commit = ada.commitAll(repo, "signed by ada");

            SignatureCheck result = check(commit);

            assertThat(result.status()).as(result.message()).isEqualTo(Status.VERIFIED);
            assertThat(result.format()).isEqualTo("openpgp");
            assertThat(result.signer()).isEqualTo("Ada Lovelace <ada@example.com>");
            assertThat(result.keyId()).matches("[0-9A-F]{40}");
            assertThat(result.message()).isEqualTo("signed by Ada Lovelace <ada@example.com> with OpenPGP key "
                    + result.keyId());
        }
    }

    @Test
    void openPgpSignatureByAKeyThatIsNotTrustedIsUntrusted() throws Exception {
        try (TestSigners.Signer ada = TestSigners.gpg(tmp, "ada", "Ada <ada@example.com>");
             TestSigners.Signer mallory = TestSigners.gpg(tmp, "mallory", "Mallory <mallory@example.com>")) {
            ada.trust(keys);
            String commit = mallory.commitAll(repo, "signed by mallory");

            SignatureCheck result = check(commit);

            assertThat(result.status()).isEqualTo(Status.UNTRUSTED);
            assertThat(result.message()).isEqualTo("signed with OpenPGP key " + result.keyId()
                    + ", which is not among the trusted keys");
        }
    }

    @Test
    void commitSignedBeforeItsOpenPgpKeyWasRevokedIsUntrusted() throws Exception {
        try (TestSigners.Signer ada = TestSigners.gpg(tmp, "ada", "Ada <ada@example.com>")) {
            String commit = ada.commitAll(repo, "signed by ada");
            ada.revoke();
            ada.trust(keys);

            SignatureCheck result = check(commit);

            assertThat(result.status()).isEqualTo(Status.UNTRUSTED);
            assertThat(result.message()).endsWith("is revoked");
        }
    }

    @Test
    void unsignedCommitIsUnsigned() throws Exception {
        TestSigners.ssh(tmp, "ada", "ed25519").trust(keys);
        String commit = commitFile(repo, "a.yaml", "a: 2\n", "not signed");

        SignatureCheck result = check(commit);

        assertThat(result).isEqualTo(SignatureCheck.unsigned());
        assertThat(result.toString()).isEqualTo("UNSIGNED: the commit is not signed");
    }

    @Test
    void openPgpSignedCommitWhoseContentWasAlteredIsBad() throws Exception {
        try (TestSigners.Signer ada = TestSigners.gpg(tmp, "ada", "Ada <ada@example.com>")) {
            ada.trust(keys);
            String forged = alter(ada.commitAll(repo, "replicas: 1"));

            SignatureCheck result = check(forged);

            assertThat(result.status()).isEqualTo(Status.BAD);
            assertThat(result.message()).endsWith("does not match the commit's content");
        }
    }
}
