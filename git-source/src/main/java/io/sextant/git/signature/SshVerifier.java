package io.sextant.git.signature;

import io.sextant.git.api.SignatureCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifier.TrustLevel;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;

/**
 * Verifies an SSH commit signature (OpenSSH's {@code sshsig} format, namespace {@code git}) with
 * JGit's verifier, in two passes so that a forged signature and an untrusted key never look alike:
 * first the signature alone, then whether a {@code *.pub} key or the {@code allowed_signers} file
 * (read by JGit exactly as {@code git verify-commit} reads it) trusts its key for commits.
 */
final class SshVerifier {

    static final String FORMAT = "ssh";

    private static final SignatureVerifier JGIT = new SshSignatureVerifierFactory().create();

    private SshVerifier() {
    }

    static SignatureCheck verify(Repository repository, byte[] data, String armored, KeyDirectory keys) {
        byte[] signature = armored.getBytes(StandardCharsets.US_ASCII);
        SignatureVerification alone;
        try {
            alone = JGIT.verify(repository, new GpgConfig(new Config()), data, signature);
        } catch (IOException | RuntimeException e) {
            return SignatureCheck.bad(FORMAT, null, "the SSH signature cannot be checked: " + e.getMessage());
        }
        String fingerprint = alone.keyFingerprint();
        // With no allowed signers, JGit reports UNKNOWN trust exactly when the signature itself is valid
        // ("no principal matched"); every other failure is NEVER.
        if (alone.trustLevel() != TrustLevel.UNKNOWN) {
            return SignatureCheck.bad(FORMAT, fingerprint, alone.message() == null
                    ? "the SSH signature by key " + fingerprint + " does not match the commit's content"
                    : "the SSH signature" + (fingerprint == null ? "" : " by key " + fingerprint)
                            + " is invalid: " + alone.message());
        }
        Optional<String> trusted = keys.sshKey(fingerprint);
        if (trusted.isPresent()) {
            return SignatureCheck.verified(FORMAT, trusted.get(), fingerprint);
        }
        Optional<Path> allowed = keys.allowedSigners();
        if (allowed.isEmpty()) {
            return untrusted(fingerprint, "");
        }
        Config config = new Config();
        config.setString("gpg", "ssh", "allowedSignersFile", allowed.get().toString());
        SignatureVerification signer;
        try {
            signer = JGIT.verify(repository, new GpgConfig(config), data, signature);
        } catch (IOException | RuntimeException e) {
            return untrusted(fingerprint, " (" + KeyDirectory.ALLOWED_SIGNERS + " cannot be read: " + e.getMessage() + ")");
        }
        if (signer.verified()) {
            return SignatureCheck.verified(FORMAT, signer.keyUser(), fingerprint);
        }
        return untrusted(fingerprint, " (" + KeyDirectory.ALLOWED_SIGNERS + ": " + signer.message() + ")");
    }

    private static SignatureCheck untrusted(String fingerprint, String detail) {
        return SignatureCheck.untrusted(FORMAT, fingerprint,
                "signed with SSH key " + fingerprint + ", which is not among the trusted keys" + detail);
    }
}
