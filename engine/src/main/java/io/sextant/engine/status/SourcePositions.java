package io.sextant.engine.status;

import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * The stored positions of the sources (table {@code source_state}), moved only by compare-and-set on
 * their version: two runs of a source that raced (a Quartz recovery of a replica that was not dead, say)
 * cannot both move it, and the one that lost learns so before it applies anything. The outcome of the
 * last run that loaded specs (its commit, spec errors and why it is not applied) moves with the position,
 * so every replica reads the same one.
 */
@Repository
public class SourcePositions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = """
            SELECT last_fetched_revision, last_synced_revision, planned_revision, position_version,
              git_error, git_error_since, git_attempts, next_git_attempt_at,
              seen_revision, not_applied_reason, spec_errors
            FROM source_state WHERE name = ?""";

    private final JdbcClient jdbc;

    public SourcePositions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The source's stored position; {@link SourcePosition#NONE} before any run recorded one. */
    public SourcePosition load(String source) {
        return find(source).orElseGet(() -> create(source));
    }

    /** The source's stored position, without creating one: for readers such as the API. */
    public Optional<SourcePosition> find(String source) {
        return jdbc.sql(COLUMNS)
                .param(source)
                .query((rs, row) -> new SourcePosition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5) == null ? null : new SourcePosition.GitFailure(rs.getString(5),
                                instant(rs.getString(6)), rs.getInt(7), instant(rs.getString(8))),
                        rs.getString(9) == null ? null : new SourcePosition.Outcome(rs.getString(9), rs.getString(10),
                                errors(rs.getString(11)))))
                .optional();
    }

    private SourcePosition create(String source) {
        try {
            jdbc.sql("INSERT INTO source_state (name, position_version, git_attempts) VALUES (?, 0, 0)")
                    .param(source).update();
        } catch (DuplicateKeyException anotherReplicaWasFirst) {
            return load(source);
        }
        return SourcePosition.NONE;
    }

    /**
     * Records that a plan for {@code commit} is journaled, if the position is still at {@code expected}'s
     * version; call it in the plan's transaction. Returns the position after the move.
     *
     * @throws StalePositionException when another run moved the position since {@code expected} was read
     */
    public SourcePosition claimPlan(String source, SourcePosition expected, String commit) {
        int moved = jdbc.sql("""
                        UPDATE source_state SET planned_revision = ?, position_version = position_version + 1
                        WHERE name = ? AND position_version = ?""")
                .params(commit, source, expected.version()).update();
        if (moved == 0) {
            throw new StalePositionException(source, expected.version());
        }
        return new SourcePosition(expected.lastFetchedRevision(), expected.lastSyncedRevision(), commit,
                expected.version() + 1, expected.gitFailure(), expected.outcome());
    }

    /**
     * Stores {@code next} if the position is still at {@code expected}'s version; returns the stored
     * position, or null when another run moved it first (its record wins: it is newer).
     */
    public SourcePosition save(String source, SourcePosition expected, SourcePosition next) {
        SourcePosition.GitFailure failure = next.gitFailure();
        SourcePosition.Outcome outcome = next.outcome();
        int moved = jdbc.sql("""
                        UPDATE source_state SET last_fetched_revision = ?, last_synced_revision = ?,
                          planned_revision = ?, git_error = ?, git_error_since = ?, git_attempts = ?,
                          next_git_attempt_at = ?, seen_revision = ?, not_applied_reason = ?, spec_errors = ?,
                          position_version = position_version + 1
                        WHERE name = ? AND position_version = ?""")
                .params(next.lastFetchedRevision(), next.lastSyncedRevision(), next.plannedRevision(),
                        failure == null ? null : truncate(failure.message()),
                        failure == null ? null : failure.since().toString(),
                        failure == null ? 0 : failure.attempts(),
                        failure == null || failure.nextAttemptAt() == null ? null : failure.nextAttemptAt().toString(),
                        outcome == null ? null : outcome.seenRevision(),
                        outcome == null ? null : outcome.notAppliedReason(),
                        outcome == null ? null : json(outcome.errors()),
                        source, expected.version())
                .update();
        return moved == 0 ? null : new SourcePosition(next.lastFetchedRevision(), next.lastSyncedRevision(),
                next.plannedRevision(), expected.version() + 1, failure, outcome);
    }

    /** Spec errors as stored: what {@code GET /api/v1/sources} shows of each. */
    private static String json(List<SpecError> errors) {
        ArrayNode array = JSON.createArrayNode();
        errors.forEach(e -> array.addObject().put("file", e.file()).put("line", e.line()).put("field", e.field())
                .put("message", e.message()));
        return JSON.writeValueAsString(array);
    }

    private static List<SpecError> errors(String json) {
        List<SpecError> errors = new ArrayList<>();
        if (json != null) {
            for (JsonNode e : JSON.readTree(json)) {
                errors.add(new SpecError(e.path("file").asString(), e.path("line").asInt(), e.path("field").asString(),
                        e.path("message").asString(), null));
            }
        }
        return errors;
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String truncate(String message) {
        return message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
