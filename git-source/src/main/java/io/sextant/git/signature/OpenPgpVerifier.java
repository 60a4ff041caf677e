package io.sextant.git.signature;

import io.sextant.git.api.SignatureCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.util.encoders.Hex;

/**
 * Verifies an OpenPGP commit signature against the trusted key rings only. JGit's own verifier looks
 * keys up in the user's GnuPG keyring (and on the network), which is not the trust an engine should
 * have; here the key must be in the configured directory.
 */
final class OpenPgpVerifier {

    static final String FORMAT = "openpgp";

    private OpenPgpVerifier() {
    }

    static SignatureCheck verify(byte[] data, String armored, PGPPublicKeyRingCollection trusted) {
        PGPSignature signature;
        try {
            signature = parse(armored);
        } catch (IOException | RuntimeException e) {
            return SignatureCheck.bad(FORMAT, null, "the OpenPGP signature cannot be read: " + e.getMessage());
        }
        if (signature == null) {
            return SignatureCheck.bad(FORMAT, null, "the OpenPGP signature block holds no signature");
        }
        String issuer = issuer(signature);
        PGPPublicKey key = trusted.getPublicKey(signature.getKeyID());
        if (key == null) {
            return SignatureCheck.untrusted(FORMAT, issuer,
                    "signed with OpenPGP key " + issuer + ", which is not among the trusted keys");
        }
        String fingerprint = hex(key.getFingerprint());
        int type = signature.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            return SignatureCheck.bad(FORMAT, fingerprint, "the OpenPGP signature is not a document signature");
        }
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            signature.update(data);
            if (!signature.verify()) {
                return SignatureCheck.bad(FORMAT, fingerprint,
                        "the OpenPGP signature by key " + fingerprint + " does not match the commit's content");
            }
        } catch (PGPException | RuntimeException e) {
            return SignatureCheck.bad(FORMAT, fingerprint, "the OpenPGP signature cannot be checked: " + e.getMessage());
        }
        if (key.hasRevocation()) {
            return SignatureCheck.untrusted(FORMAT, fingerprint, "OpenPGP key " + fingerprint + " is revoked");
        }
        long validSeconds = key.getValidSeconds();
        if (validSeconds > 0) {
            Instant expiry = key.getCreationTime().toInstant().plusSeconds(validSeconds);
            if (signature.getCreationTime().toInstant().isAfter(expiry)) {
                return SignatureCheck.untrusted(FORMAT, fingerprint,
                        "OpenPGP key " + fingerprint + " expired at " + expiry + ", before the signature was made");
            }
        }
        return SignatureCheck.verified(FORMAT, userId(trusted, key), fingerprint);
    }

    private static PGPSignature parse(String armored) throws IOException {
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            Object object = new BcPGPObjectFactory(in).nextObject();
            if (object instanceof PGPCompressedData compressed) {
                try {
                    object = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
                } catch (PGPException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            return object instanceof PGPSignatureList list && !list.isEmpty() ? list.get(0) : null;
        }
    }

    /** The issuer fingerprint when the signature carries one (it does since GnuPG 2.2), else the key id. */
    private static String issuer(PGPSignature signature) {
        IssuerFingerprint fingerprint = signature.getHashedSubPackets() == null ? null
                : signature.getHashedSubPackets().getIssuerFingerprint();
        if (fingerprint != null) {
            return hex(fingerprint.getFingerprint());
        }
        return String.format(Locale.ROOT, "0x%016X", signature.getKeyID());
    }

    /** The first user id of the key ring a (sub)key belongs to, such as {@code Ada <ada@example.com>}. */
    private static String userId(PGPPublicKeyRingCollection trusted, PGPPublicKey key) {
        PGPPublicKeyRing ring = trusted.getPublicKeyRing(key.getKeyID());
        Iterator<String> ids = ring == null ? null : ring.getPublicKey().getUserIDs();
        if (ids != null && ids.hasNext()) {
            return ids.next();
        }
        return "key " + hex(key.getFingerprint());
    }

    private static String hex(byte[] bytes) {
        return Hex.toHexString(bytes).toUpperCase(Locale.ROOT);
    }
}
