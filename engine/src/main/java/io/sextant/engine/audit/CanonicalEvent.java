package io.sextant.engine.audit;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.erdtman.jcs.NumberToJSON;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 8785 canonical JSON of an audit event (without {@code hash}), written straight from its
 * fields: byte for byte what {@link org.erdtman.jcs.JsonCanonicalizer} makes of the event's Jackson
 * JSON, without building a tree, writing it out and parsing it back for every event.
 *
 * <p>The event's shape is fixed, so its members are written in their canonical order. Only
 * {@code diff} holds arbitrary JSON; its values are written here only when the result is provably the
 * same as the reference path's: strings, booleans, nulls, objects, arrays, integral numbers that fit a
 * {@code long} and finite doubles (both of which the reference path turns into the same IEEE double
 * before formatting it with {@link NumberToJSON}). Anything else (big integers, decimals, floats,
 * NaN, ...) makes {@link #of} return null and the caller use the reference path.
 *
 * <p>{@code id}, {@code prevHash} and {@code time} are only known under the chain's lock, so the text
 * is kept in parts around them: the rest is done before the lock is taken.
 */
record CanonicalEvent(String beforeId, String beforePrevHash, String beforeTime, String tail) {

    /** The canonical JSON of the event with these three members. */
    String text(long id, String prevHash, String time) {
        StringBuilder out = new StringBuilder(beforeId.length() + beforePrevHash.length() + beforeTime.length()
                + tail.length() + 120);
        out.append(beforeId);
        number(id, out);
        out.append(beforePrevHash);
        string(prevHash, out);
        out.append(beforeTime);
        string(time, out);
        return out.append(tail).toString();
    }

    /** The parts of {@code event}'s canonical JSON (its id, prevHash, time and hash are ignored), or null. */
    static CanonicalEvent of(AuditEvent event) {
        // Members in RFC 8785 order (UTF-16 code units): action, actor (only for a person's manual action), approvedBy, backend, commit, commitAuthor,
        // commitMessage, diff, durationMs, error, id, modelRevision (only when known), outcome, prevHash, pullRequest, resource, signedBy (only
        // when there is a signer: events without one hash as they did before the member existed), source,
        // time, trigger.
        StringBuilder out = new StringBuilder(512);
        out.append("{\"action\":");
        string(event.action(), out);
        if (event.actor() != null) {
            // Only when there is one: events without an actor hash as they did before the member existed.
            out.append(",\"actor\":{\"email\":");
            string(event.actor().email(), out);
            out.append(",\"subject\":");
            string(event.actor().subject(), out);
            out.append('}');
        }
        out.append(",\"approvedBy\":");
        strings(event.approvedBy(), out);
        out.append(",\"backend\":");
        string(event.backend(), out);
        out.append(",\"commit\":");
        string(event.commit(), out);
        out.append(",\"commitAuthor\":");
        string(event.commitAuthor(), out);
        out.append(",\"commitMessage\":");
        string(event.commitMessage(), out);
        out.append(",\"diff\":");
        if (!value(event.diff(), out)) {
            return null;
        }
        out.append(",\"durationMs\":");
        number(event.durationMs(), out);
        out.append(",\"error\":");
        string(event.error(), out);
        out.append(",\"id\":");
        String beforeId = cut(out);
        if (event.modelRevision() != null) {
            // Only when there is one: events without it hash as they did before the member existed.
            out.append(",\"modelRevision\":");
            string(event.modelRevision(), out);
        }
        out.append(",\"outcome\":");
        string(event.outcome(), out);
        out.append(",\"prevHash\":");
        String beforePrevHash = cut(out);
        out.append(",\"pullRequest\":");
        if (event.pullRequest() == null) {
            out.append("null");
        } else {
            number(event.pullRequest(), out);
        }
        out.append(",\"resource\":");
        AuditEvent.ResourceRef resource = event.resource();
        if (resource == null) {
            out.append("null");
        } else {
            out.append("{\"kind\":");
            string(resource.kind(), out);
            out.append(",\"name\":");
            string(resource.name(), out);
            out.append(",\"namespace\":");
            string(resource.namespace(), out);
            out.append('}');
        }
        if (event.signedBy() != null) {
            out.append(",\"signedBy\":{\"fingerprint\":");
            string(event.signedBy().fingerprint(), out);
            out.append(",\"principal\":");
            string(event.signedBy().principal(), out);
            out.append('}');
        }
        out.append(",\"source\":");
        string(event.source(), out);
        out.append(",\"time\":");
        String beforeTime = cut(out);
        out.append(",\"trigger\":");
        string(event.trigger(), out);
        out.append('}');
        return new CanonicalEvent(beforeId, beforePrevHash, beforeTime, out.toString());
    }

    private static String cut(StringBuilder out) {
        String part = out.toString();
        out.setLength(0);
        return part;
    }

    private static void strings(List<String> values, StringBuilder out) {
        if (values == null) {
            out.append("null");
            return;
        }
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            string(values.get(i), out);
        }
        out.append(']');
    }

    /** Writes a JSON value; false when its canonical form is left to the reference path. */
    private static boolean value(JsonNode node, StringBuilder out) {
        if (node == null) {
            out.append("null");
            return true;
        }
        switch (node.getNodeType()) {
            case OBJECT -> {
                String[] names = node.propertyNames().toArray(new String[0]);
                Arrays.sort(names); // String order is UTF-16 code unit order, as RFC 8785 sorts
                out.append('{');
                for (int i = 0; i < names.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(names[i], out);
                    out.append(':');
                    if (!value(node.get(names[i]), out)) {
                        return false;
                    }
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (!value(node.get(i), out)) {
                        return false;
                    }
                }
                out.append(']');
            }
            case STRING -> string(node.stringValue(), out);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            case NUMBER -> {
                if (node.isInt() || node.isLong() || node.isShort()) {
                    number(node.longValue(), out);
                } else if (node.isDouble() && Double.isFinite(node.doubleValue())) {
                    number(node.doubleValue(), out);
                } else {
                    return false;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * A long as the reference path formats it: Jackson writes its digits, the canonicaliser parses them
     * into the nearest double, as the widening conversion does.
     */
    private static void number(long value, StringBuilder out) {
        number((double) value, out);
    }

    private static void number(double value, StringBuilder out) {
        try {
            out.append(NumberToJSON.serializeNumber(value));
        } catch (IOException e) {
            throw new IllegalStateException("only finite numbers reach here", e);
        }
    }

    /** A string as RFC 8785 (and the canonicaliser) writes it: the short escapes, \\u00xx below 0x20. */
    static void string(String value, StringBuilder out) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int plain = 0; // start of the run of characters written as they are
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                out.append(value, plain, i);
                escape(c, out);
                plain = i + 1;
            }
        }
        out.append(value, plain, value.length()).append('"');
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '"', '\\' -> out.append('\\').append(c);
            default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
