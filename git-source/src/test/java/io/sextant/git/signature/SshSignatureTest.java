package io.sextant.git.signature;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static io.sextant.git.testing.GitCli.gitWithInput;
import static io.sextant.git.testing.GitCli.writeFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.SignatureCheck.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SSH-signed commits ({@code gpg.format=ssh}) against {@code *.pub} keys and {@code allowed_signers}. */
class SshSignatureTest extends SignedRepositoryTest {

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa", "rsa"})
    void sshSignatureByATrustedKeyIsVerified(String type) throws Exception {
        TestSigners.Signer ada = TestSigners.ssh(tmp, "ada", type);
        ada.trust(keys);
        writeFile(repo, "a.yaml", "a: 1\n");
        String commit = ada.commitAll(repo, "signed by ada");

        SignatureCheck result = check(commit);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.VERIFIED);
        assertThat(result.format()).isEqualTo("ssh");
        assertThat(result.signer()).isEqualTo("ada@example.com");
        assertThat(result.keyId()).startsWith("SHA256:")
                .isEqualTo(TestSigners.run(List.of("ssh-keygen", "-l", "-f", tmp.resolve("ada.pub").toString()))
                        .split(" ")[1]);
    }

    @Test
    void sshSignatureByAKeyThatIsNotTrustedIsUntrusted() throws Exception {
        TestSigners.ssh(tmp, "ada", "ed25519").trust(keys);
        TestSigners.Signer mallory = TestSigners.ssh(tmp, "mallory", "ed25519");
        String commit = mallory.commitAll(repo, "signed by mallory");

        SignatureCheck result = check(commit);

        assertThat(result.status()).isEqualTo(Status.UNTRUSTED);
        assertThat(result.signer()).isNull();
        assertThat(result.message()).startsWith("signed with SSH key SHA256:").contains("not among the trusted keys");
    }

    @Test
    void sshSignedCommitWhoseContentWasAlteredIsBad() throws Exception {
        TestSigners.Signer ada = TestSigners.ssh(tmp, "ada", "ed25519");
        ada.trust(keys);
        String forged = alter(ada.commitAll(repo, "replicas: 1"));

        SignatureCheck result = check(forged);

        assertThat(result.status()).isEqualTo(Status.BAD);
        assertThat(result.message()).startsWith("the SSH signature by key SHA256:")
                .endsWith("does not match the commit's content");
    }

    @Test
    void allowedSignersFileNamesThePrincipalOfAKey() throws Exception {
        TestSigners.Signer ada = TestSigners.ssh(tmp, "ada", "ed25519");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("allowed_signers"), "# team leads\nada@acme.example namespaces=\"git\" "
                + keyOf(ada) + "\n");
        String commit = ada.commitAll(repo, "signed by ada");

        SignatureCheck result = check(commit);

        assertThat(result.status()).as(result.message()).isEqualTo(Status.VERIFIED);
        assertThat(result.signer()).isEqualTo("ada@acme.example");
    }

    @Test
    void allowedSignersEntryForAnotherNamespaceDoesNotTrustTheKeyForCommits() throws Exception {
        TestSigners.Signer ada = TestSigners.ssh(tmp, "ada", "ed25519");
        Files.createDirectories(keys);
        Files.writeString(keys.resolve("allowed_signers"), "ada@acme.example namespaces=\"file\" " + keyOf(ada) + "\n");
        String commit = ada.commitAll(repo, "signed by ada");

        SignatureCheck result = check(commit);

        assertThat(result.status()).isEqualTo(Status.UNTRUSTED);
        assertThat(result.message()).as(result.message()).contains("allowed_signers").contains("namespace");
    }

    @Test
    void sshSignatureMadeForAnotherNamespaceIsBad() throws Exception {
        TestSigners.Signer ada = TestSigners.ssh(tmp, "ada", "ed25519");
        ada.trust(keys);
        String unsigned = commitFile(repo, "a.yaml", "a: 3\n", "signed for files, not commits");
        String raw = git(repo, "cat-file", "commit", unsigned);
        Path payload = Files.writeString(tmp.resolve("payload"), raw);
        TestSigners.run(List.of("ssh-keygen", "-Y", "sign", "-q", "-n", "file", "-f", tmp.resolve("ada").toString(),
                payload.toString()));
        String signature = Files.readString(tmp.resolve("payload.sig"));
        String signed = raw.replaceFirst("\n\n", "\ngpgsig " + signature.strip().replace("\n", "\n ") + "\n\n");
        String commit = gitWithInput(repo, signed, "hash-object", "-t", "commit", "-w", "--stdin").trim();
        git(repo, "update-ref", "refs/heads/main", commit);

        SignatureCheck result = check(commit);

        assertThat(result.status()).isEqualTo(Status.BAD);
        assertThat(result.message()).endsWith("is invalid: Namespace of SSH signature should be 'git' but is 'file'");
    }
}
