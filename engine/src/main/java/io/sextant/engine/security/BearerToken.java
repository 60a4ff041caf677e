package io.sextant.engine.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret a caller presents as {@code Authorization: Bearer <token>}. Only its SHA-256 digest is
 * kept, and presented tokens are compared digest to digest: the comparison takes the same time
 * whatever the token's content or length, and the secret itself never sits in a field a heap dump
 * or a careless {@code toString()} could show.
 */
final class BearerToken {

    private final byte[] digest;

    private BearerToken(byte[] digest) {
        this.digest = digest;
    }

    static BearerToken of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("a bearer token must not be blank");
        }
        return new BearerToken(sha256(secret.trim()));
    }

    /** Whether {@code presented} is this token; constant time. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented.trim()));
    }

    /** Whether an {@code Authorization} header value carries this token as a bearer token. */
    boolean matchesHeader(String authorization) {
        return matches(presentedToken(authorization));
    }

    boolean sameAs(BearerToken other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    /** The token of a {@code Bearer} header, or null for no header or another scheme. */
    static String presentedToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
