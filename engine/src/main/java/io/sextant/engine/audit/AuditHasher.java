package io.sextant.engine.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.erdtman.jcs.JsonCanonicalizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes the hash that chains audit events (DESIGN.md section 6): hex sha-256 of the UTF-8 bytes of
 * {@code prevHash} followed by the RFC 8785 canonical JSON of the event without its {@code hash} field.
 *
 * <p>The input is the event's JSON as the API serves it, so the store and anyone holding the output
 * of {@code GET /api/v1/audit} compute the same value. The store writes that JSON's canonical form
 * straight from the event's fields ({@link CanonicalEvent}, held byte-equal to the reference path by
 * {@code CanonicalEventTest}) and falls back to the reference path for values it does not write itself.
 */
public final class AuditHasher {

    /** {@code prevHash} of the first event of a chain. */
    public static final String GENESIS = "0".repeat(64);

    // Plain defaults on purpose: canonicalisation erases formatting, and AuditEvent pins null inclusion.
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AuditHasher() {}

    /** The hash {@code event} must carry, from its content and {@code prevHash}; its own {@code hash} is ignored. */
    public static String hash(AuditEvent event) {
        if (event.prevHash() == null) {
            throw new IllegalArgumentException("an audit event needs a string prevHash");
        }
        CanonicalEvent canonical = CanonicalEvent.of(event);
        if (canonical == null) {
            return hashViaTree(event);
        }
        return hash(canonical, event.id(), event.prevHash(), event.time());
    }

    /** The hash of the event whose canonical JSON, but for these three members, {@code canonical} holds. */
    static String hash(CanonicalEvent canonical, long id, String prevHash, String time) {
        return sha256Hex(prevHash + canonical.text(id, prevHash, time));
    }

    /**
     * The reference path: the event's Jackson JSON, canonicalised by {@link JsonCanonicalizer}. Used for
     * values {@link CanonicalEvent} does not write itself, and by the tests that hold the two paths equal.
     */
    static String hashViaTree(AuditEvent event) {
        return hash((JsonNode) MAPPER.valueToTree(event));
    }

    /**
     * The hash of one served event, e.g. an item of {@code GET /api/v1/audit}; its {@code hash} field,
     * if present, is ignored, and {@code prevHash} is read from the event itself.
     */
    public static String hash(JsonNode servedEvent) {
        if (!(servedEvent instanceof ObjectNode object)) {
            throw new IllegalArgumentException("an audit event is a JSON object, got " + servedEvent.getNodeType());
        }
        JsonNode prevHash = object.get("prevHash");
        if (prevHash == null || !prevHash.isString()) {
            throw new IllegalArgumentException("an audit event needs a string prevHash");
        }
        ObjectNode withoutHash = object.deepCopy();
        withoutHash.remove("hash");
        return sha256Hex(prevHash.asString() + canonical(MAPPER.writeValueAsString(withoutHash)));
    }

    /** RFC 8785 (JSON Canonicalization Scheme) form of a JSON text. */
    static String canonical(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException e) {
            // Only reachable for text Jackson itself did not write; treat it as a programming error.
            throw new UncheckedIOException("cannot canonicalise audit event JSON", e);
        }
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
