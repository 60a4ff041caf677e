package io.sextant.engine.reconcile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hex sha-256 of text: the fixed-size keys the engine stores for a manifest that is live, a drift already
 * recorded and a failure already audited, whatever the size of what they identify.
 */
final class Sha256 {

    private Sha256() {
    }

    static String of(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Several parts, separated so that ("ab", "c") and ("a", "bc") differ. */
    static String of(String... parts) {
        return of(String.join("\u0000", parts));
    }
}
