package io.sextant.engine.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps audit events to and from rows of {@code audit_event}, and brings what a caller records into the
 * exact form the database gives back, so that the hash computed at append time is the one verify()
 * recomputes from stored data.
 */
final class AuditRows {

    static final String COLUMNS = "id, event_time, source, commit_id, commit_author, commit_message,"
            + " pull_request, approved_by, event_trigger, kind, namespace, name, backend, action, diff,"
            + " outcome, error, duration_ms, prev_hash, hash, signed_by_fingerprint, signed_by_principal,"
            + " actor_subject, actor_email, model_revision";

    static final String INSERT = "INSERT INTO audit_event (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    // Width of the VARCHAR columns in V1__audit.sql; longer values are refused with a clear message.
    private static final int MAX_SHORT_TEXT = 255;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private AuditRows() {}

    /**
     * An entry in stored form, plus the JSON texts of its two JSON columns and its canonical JSON but for
     * id, prevHash and time (null when it is left to {@link AuditHasher}'s reference path).
     */
    record Prepared(AuditEntry entry, String approvedByJson, String diffJson, CanonicalEvent canonical) {

        /** The event with these id, time and prevHash, and its hash. */
        AuditEvent chain(long id, String time, String prevHash) {
            String hash = canonical != null ? AuditHasher.hash(canonical, id, prevHash, time)
                    : AuditHasher.hash(toEvent(id, time, prevHash, null));
            return toEvent(id, time, prevHash, hash);
        }

        AuditEvent toEvent(long id, String time, String prevHash, String hash) {
            AuditEntry e = entry;
            return new AuditEvent(id, time, e.source(), e.commit(), e.commitAuthor(), e.commitMessage(),
                    e.pullRequest(), e.approvedBy(), e.trigger(), e.resource(), e.backend(), e.action(),
                    e.diff(), e.outcome(), e.error(), e.durationMs(), prevHash, hash, e.signedBy(), e.actor(),
                    e.modelRevision());
        }

        /** Sets the parameters of {@link #INSERT} for {@code event}, this entry chained. */
        void setInsert(PreparedStatement ps, AuditEvent event) throws SQLException {
            AuditEvent.ResourceRef r = event.resource();
            ps.setLong(1, event.id());
            ps.setString(2, event.time());
            ps.setString(3, event.source());
            ps.setString(4, event.commit());
            ps.setString(5, event.commitAuthor());
            ps.setString(6, event.commitMessage());
            if (event.pullRequest() == null) {
                ps.setNull(7, Types.INTEGER);
            } else {
                ps.setInt(7, event.pullRequest());
            }
            ps.setString(8, approvedByJson);
            ps.setString(9, event.trigger());
            ps.setString(10, r == null ? null : r.kind());
            ps.setString(11, r == null ? null : r.namespace());
            ps.setString(12, r == null ? null : r.name());
            ps.setString(13, event.backend());
            ps.setString(14, event.action());
            ps.setString(15, diffJson);
            ps.setString(16, event.outcome());
            ps.setString(17, event.error());
            ps.setLong(18, event.durationMs());
            ps.setString(19, event.prevHash());
            ps.setString(20, event.hash());
            ps.setString(21, event.signedBy() == null ? null : event.signedBy().fingerprint());
            ps.setString(22, event.signedBy() == null ? null : event.signedBy().principal());
            ps.setString(23, event.actor() == null ? null : event.actor().subject());
            ps.setString(24, event.actor() == null ? null : event.actor().email());
            ps.setString(25, event.modelRevision());
        }
    }

    /**
     * Normalises an entry to what a round trip through the database yields: text without characters
     * PostgreSQL cannot store, a resource of only nulls as no resource, and diff as a JSON array parsed
     * back from its stored text. Refuses values the columns cannot hold.
     */
    static Prepared prepare(AuditEntry entry) {
        List<String> approvedBy = entry.approvedBy().stream().map(AuditRows::clean).toList();
        String diffJson = clean(MAPPER.writeValueAsString(diffArray(entry.diff())));
        AuditEntry stored = new AuditEntry(
                shortText("source", entry.source()), shortText("commit", entry.commit()),
                clean(entry.commitAuthor()), clean(entry.commitMessage()), entry.pullRequest(), approvedBy,
                shortText("trigger", entry.trigger()), resource(entry.resource()),
                shortText("backend", entry.backend()), shortText("action", entry.action()),
                MAPPER.readTree(diffJson), shortText("outcome", entry.outcome()), clean(entry.error()),
                entry.durationMs(), signer(entry.signedBy()), actor(entry.actor()),
                entry.modelRevision() == null ? null : longText("modelRevision", entry.modelRevision()));
        String approvedByJson = MAPPER.writeValueAsString(approvedBy);
        AuditEvent unchained = new Prepared(stored, approvedByJson, diffJson, null).toEvent(0, null, null, null);
        return new Prepared(stored, approvedByJson, diffJson, CanonicalEvent.of(unchained));
    }

    /** Reads the current row of {@code rs}, selected with {@link #COLUMNS}. */
    static AuditEvent map(ResultSet rs) throws SQLException {
        String kind = rs.getString("kind");
        String namespace = rs.getString("namespace");
        String name = rs.getString("name");
        AuditEvent.ResourceRef resource = kind == null && namespace == null && name == null
                ? null
                : new AuditEvent.ResourceRef(kind, namespace, name);
        return new AuditEvent(
                rs.getLong("id"), rs.getString("event_time"), rs.getString("source"), rs.getString("commit_id"),
                rs.getString("commit_author"), rs.getString("commit_message"),
                rs.getObject("pull_request", Integer.class),
                MAPPER.readValue(rs.getString("approved_by"), STRINGS), rs.getString("event_trigger"), resource,
                rs.getString("backend"), rs.getString("action"), MAPPER.readTree(rs.getString("diff")),
                rs.getString("outcome"), rs.getString("error"), rs.getLong("duration_ms"),
                rs.getString("prev_hash"), rs.getString("hash"), rs.getString("signed_by_fingerprint") == null
                        ? null : new AuditEvent.Signer(rs.getString("signed_by_fingerprint"),
                        rs.getString("signed_by_principal")),
                rs.getString("actor_subject") == null
                        ? null : new AuditEvent.Actor(rs.getString("actor_subject"), rs.getString("actor_email")),
                rs.getString("model_revision"));
    }

    private static AuditEvent.Actor actor(AuditEvent.Actor actor) {
        if (actor == null || actor.subject() == null) {
            return null; // an actor is named by their subject: without one there is nobody to record
        }
        return new AuditEvent.Actor(longText("actor.subject", actor.subject()), actor.email() == null ? null
                : longText("actor.email", actor.email()));
    }

    private static String longText(String field, String value) {
        String cleaned = clean(value);
        if (cleaned.length() > 512) {
            throw new IllegalArgumentException(field + " is longer than 512 characters");
        }
        return cleaned;
    }

    private static AuditEvent.Signer signer(AuditEvent.Signer signer) {
        if (signer == null || signer.fingerprint() == null) {
            return null; // a signer is named by its key: without one there is nothing to record
        }
        return new AuditEvent.Signer(shortText("signedBy.fingerprint", signer.fingerprint()),
                clean(signer.principal()));
    }

    private static JsonNode diffArray(JsonNode diff) {
        if (diff == null || diff.isNull() || diff.isMissingNode()) {
            return MAPPER.createArrayNode();
        }
        if (!diff.isArray()) {
            throw new IllegalArgumentException("audit diff must be a JSON array, got " + diff.getNodeType());
        }
        return diff;
    }

    private static AuditEvent.ResourceRef resource(AuditEvent.ResourceRef ref) {
        if (ref == null || (ref.kind() == null && ref.namespace() == null && ref.name() == null)) {
            return null;
        }
        return new AuditEvent.ResourceRef(shortText("resource.kind", ref.kind()),
                shortText("resource.namespace", ref.namespace()), shortText("resource.name", ref.name()));
    }

    private static String shortText(String field, String value) {
        String cleaned = clean(value);
        if (cleaned != null && cleaned.length() > MAX_SHORT_TEXT) {
            throw new IllegalArgumentException("audit " + field + " is longer than " + MAX_SHORT_TEXT
                    + " characters: " + cleaned.substring(0, 40) + "...");
        }
        return cleaned;
    }

    /**
     * Replaces NUL and unpaired surrogates with U+FFFD: PostgreSQL refuses NUL in text and stores an
     * unpaired surrogate as '?', either of which would make the stored event differ from what was hashed.
     */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            boolean bad = c == '\0' || (Character.isSurrogate(c) && !pairedHigh);
            if (bad && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
                if (pairedHigh) {
                    out.append(text.charAt(++i));
                }
            } else if (pairedHigh) {
                i++;
            }
        }
        return out == null ? text : out.toString();
    }
}
