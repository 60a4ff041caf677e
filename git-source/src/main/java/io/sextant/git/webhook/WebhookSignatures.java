package io.sextant.git.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a delivery comes from a host that knows the webhook secret. Every comparison is
 * constant-time ({@link MessageDigest#isEqual}) so timing reveals nothing about the secret, and
 * only HMAC-SHA256 is accepted: GitHub's legacy SHA-1 header is ignored on purpose.
 */
public final class WebhookSignatures {

    private static final String HMAC = "HmacSHA256";
    private static final String GITHUB_PREFIX = "sha256=";
    private static final int SHA256_HEX_LENGTH = 64;

    private WebhookSignatures() {
    }

    /**
     * Checks a delivery of {@code provider} with the value of its {@link WebhookProvider#signatureHeader()}.
     *
     * @param secret the shared secret; must not be empty (an empty key would let anyone sign)
     * @param body   the raw request body, exactly as received
     * @param header the signature header's value, or null when absent
     * @throws IllegalArgumentException when the secret is null or empty
     */
    public static SignatureCheck check(WebhookProvider provider, byte[] secret, byte[] body, String header) {
        return switch (provider) {
            case GITHUB -> gitHub(secret, body, header);
            case GITEA -> gitea(secret, body, header);
            case GITLAB -> gitLabToken(secret, header);
        };
    }

    /** GitHub's {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}. */
    public static SignatureCheck gitHub(byte[] secret, byte[] body, String header) {
        requireSecret(secret);
        if (header == null || header.isBlank()) {
            return SignatureCheck.MISSING;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, GITHUB_PREFIX, 0, GITHUB_PREFIX.length())) {
            return SignatureCheck.INVALID;
        }
        return hmacMatches(secret, body, value.substring(GITHUB_PREFIX.length()));
    }

    /** Gitea's {@code X-Gitea-Signature: <hex HMAC-SHA256 of the body>}. */
    public static SignatureCheck gitea(byte[] secret, byte[] body, String header) {
        requireSecret(secret);
        if (header == null || header.isBlank()) {
            return SignatureCheck.MISSING;
        }
        return hmacMatches(secret, body, header.trim());
    }

    /**
     * GitLab's {@code X-Gitlab-Token}, which is the secret itself. Both sides are hashed before the
     * comparison so that not even the secret's length leaks through timing.
     */
    public static SignatureCheck gitLabToken(byte[] secret, String header) {
        requireSecret(secret);
        if (header == null || header.isEmpty()) {
            return SignatureCheck.MISSING;
        }
        byte[] expected = sha256(secret);
        byte[] given = sha256(header.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(expected, given) ? SignatureCheck.VALID : SignatureCheck.INVALID;
    }

    /** The lower-case hex HMAC-SHA256 of {@code body}: what a host sends, for tests and tools. */
    public static String hmacSha256Hex(byte[] secret, byte[] body) {
        requireSecret(secret);
        return HexFormat.of().formatHex(hmac(secret, body));
    }

    private static SignatureCheck hmacMatches(byte[] secret, byte[] body, String hex) {
        if (hex.length() != SHA256_HEX_LENGTH) {
            return SignatureCheck.INVALID;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException notHex) {
            return SignatureCheck.INVALID;
        }
        return MessageDigest.isEqual(hmac(secret, body), given) ? SignatureCheck.VALID : SignatureCheck.INVALID;
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable in this JVM", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    private static void requireSecret(byte[] secret) {
        if (secret == null || secret.length == 0) {
            throw new IllegalArgumentException("a webhook secret must not be empty: anyone could sign with it");
        }
    }
}
