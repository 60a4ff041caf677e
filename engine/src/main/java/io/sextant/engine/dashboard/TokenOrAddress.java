package io.sextant.engine.dashboard;

import io.sextant.engine.security.ReadToken;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * Streams belong to the bearer token presented (by its SHA-256, so the key never holds the secret),
 * else to the client's address. A token counts only when reads need one: the access filter has then
 * checked it; with open reads any made-up token would pass, and would give one client fresh slots.
 * Behind a proxy the address is the proxy's unless {@code server.forward-headers-strategy} makes it the
 * client's (README, Production).
 */
@Component
class TokenOrAddress implements StreamOwners {

    private final ReadToken read;

    TokenOrAddress(ReadToken read) {
        this.read = read;
    }

    @Override
    public String ownerOf(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (read.required() && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && !authorization.substring(7).isBlank()) {
            return "token:" + HexFormat.of().formatHex(sha256(authorization.substring(7).trim()), 0, 16);
        }
        return "address:" + request.getRemoteAddr();
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
