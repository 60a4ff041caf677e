package io.sextant.git.signature;

import io.sextant.git.api.SignatureCheck;
import io.sextant.git.api.TrustedKeys;
import org.eclipse.jgit.lib.Repository;

/** Checks the signature of a raw commit object against trusted keys, in either format git signs with. */
public final class CommitSignatures {

    private static final String OPENPGP = "-----BEGIN PGP SIGNATURE-----";
    private static final String SSH = "-----BEGIN SSH SIGNATURE-----";

    private CommitSignatures() {
    }

    /**
     * The verdict for one commit; never throws for a missing, foreign or broken signature.
     *
     * @param repository the repository holding the commit (JGit resolves relative key file paths in it)
     * @param commit     the raw commit object, as stored
     * @param keys       keys loaded from a directory by {@code GitSources.trustedKeys}
     */
    public static SignatureCheck verify(Repository repository, byte[] commit, TrustedKeys keys) {
        if (!(keys instanceof KeyDirectory directory)) {
            throw new IllegalArgumentException("trusted keys must come from GitSources.trustedKeys, not "
                    + keys.getClass().getName());
        }
        SignedPayload payload = SignedPayload.of(commit);
        if (payload == null) {
            return SignatureCheck.unsigned();
        }
        String signature = payload.signature().strip();
        if (signature.startsWith(OPENPGP)) {
            return OpenPgpVerifier.verify(payload.data(), payload.signature(), directory.openPgp());
        }
        if (signature.startsWith(SSH)) {
            return SshVerifier.verify(repository, payload.data(), payload.signature(), directory);
        }
        String first = signature.lines().findFirst().orElse("");
        first = first.length() > 40 ? first.substring(0, 40) + "..." : first;
        return SignatureCheck.bad(null, null, "unsupported signature format ('" + first
                + "'); only OpenPGP and SSH signatures can be verified");
    }
}
