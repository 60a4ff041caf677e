package io.sextant.git.api;

import java.util.Objects;

/**
 * What checking a commit's signature against the trusted keys found.
 *
 * @param status  the verdict
 * @param format  {@code openpgp} or {@code ssh}; null when the commit is unsigned
 * @param signer  who signed, as the trusted keys name them (OpenPGP user id, allowed_signers principal
 *                or the comment of a {@code .pub} key); null unless verified
 * @param keyId   the signing key as far as the signature names it: an OpenPGP fingerprint (hex) or key id
 *                ({@code 0x} and 16 hex digits), or an SSH fingerprint ({@code SHA256:...}); null when unsigned
 * @param message one sentence for people: who signed, or why the signature is not trusted
 */
public record SignatureCheck(Status status, String format, String signer, String keyId, String message) {

    /** The verdicts, from the only one that lets a commit through in {@code required} mode. */
    public enum Status {
        /** A valid signature by a trusted key. */
        VERIFIED,
        /** No signature at all. */
        UNSIGNED,
        /** A signature by a key that is not trusted (unknown, expired or revoked). */
        UNTRUSTED,
        /** A signature that does not match the commit, or cannot be read. */
        BAD
    }

    public SignatureCheck {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public static SignatureCheck verified(String format, String signer, String keyId) {
        return new SignatureCheck(Status.VERIFIED, format, signer, keyId,
                "signed by " + signer + " with " + label(format) + " key " + keyId);
    }

    public static SignatureCheck unsigned() {
        return new SignatureCheck(Status.UNSIGNED, null, null, null, "the commit is not signed");
    }

    public static SignatureCheck untrusted(String format, String keyId, String message) {
        return new SignatureCheck(Status.UNTRUSTED, format, null, keyId, message);
    }

    public static SignatureCheck bad(String format, String keyId, String message) {
        return new SignatureCheck(Status.BAD, format, null, keyId, message);
    }

    public boolean verified() {
        return status == Status.VERIFIED;
    }

    /** {@code STATUS: message}, e.g. {@code UNTRUSTED: signed with SSH key SHA256:..., which is not trusted}. */
    @Override
    public String toString() {
        return status + ": " + message;
    }

    private static String label(String format) {
        return "ssh".equals(format) ? "SSH" : "OpenPGP";
    }
}
