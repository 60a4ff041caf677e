package io.sextant.engine.rollback;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reverts of aborted rollouts in the database ({@code V17__rollout_revert}), one per (resource, reverted
 * commit): the only hand-over between replicas. A replica works on a revert only after winning its claim, a
 * compare-and-set {@code UPDATE}, so exactly one replica pushes it however many tick; a claim whose replica
 * died (it never wrote an outcome) expires and is taken again.
 */
final class RevertStore {

    /** Where a revert stands; only {@link #PENDING}, {@link #RETRYING} and an expired {@link #CLAIMED} are due. */
    enum State {
        PENDING, CLAIMED, RETRYING, PUSHED, OPENED, REFUSED, SUPERSEDED
    }

    /** One revert as stored. */
    record Row(ResourceKey key, String reverted, String source, String target, String reason,
               AuditEvent.Actor actor, State state, int attempts, Instant nextAttemptAt, String url, String error) {

        RollbackStatus status() {
            String shown = state == State.CLAIMED ? "pending" : state.name().toLowerCase(java.util.Locale.ROOT);
            return new RollbackStatus(shown, reverted, url, attempts, error, nextAttemptAt);
        }
    }

    private static final String KEY = " WHERE kind = ? AND namespace = ? AND name = ? AND reverted = ?";
    /** A revert any replica may claim at the moment given twice as parameters: the states {@link State} calls due. */
    private static final String DUE = "(state = 'PENDING' OR state = 'RETRYING' AND next_attempt_at <= ?"
            + " OR state = 'CLAIMED' AND claimed_until < ?)";

    private final JdbcClient jdbc;

    RevertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the revert as wanted; false when it already is (a second replica, or the same abort seen twice). */
    boolean request(ResourceKey key, String reverted, String source, String target, String reason,
                    AuditEvent.Actor actor, Instant now) {
        try {
            jdbc.sql("INSERT INTO rollout_revert (kind, namespace, name, reverted, source, target, reason,"
                            + " actor_subject, actor_email, state, attempts, requested_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")
                    .params(key.kind().apiName(), key.namespace(), key.name(), reverted, source, target,
                            reason == null ? "" : reason, actor == null ? null : actor.subject(),
                            actor == null ? null : actor.email(), Timestamp.from(now))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    Optional<Row> find(ResourceKey key, String reverted) {
        return jdbc.sql("SELECT * FROM rollout_revert" + KEY)
                .params(key.kind().apiName(), key.namespace(), key.name(), reverted)
                .query(RevertStore::row).optional();
    }

    /** The reverts any replica may claim now. */
    List<Row> due(Instant now) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("SELECT * FROM rollout_revert WHERE " + DUE + " ORDER BY requested_at")
                .params(at, at).query(RevertStore::row).list();
    }

    /**
     * Takes the revert for {@code by} until {@code until}, if it is still due: the row's state is the
     * compare-and-set, so of replicas claiming at once exactly one sees true.
     */
    boolean claim(ResourceKey key, String reverted, String by, Instant now, Instant until) {
        Timestamp at = Timestamp.from(now);
        return jdbc.sql("UPDATE rollout_revert SET state = 'CLAIMED', claimed_by = ?, claimed_until = ?" + KEY
                        + " AND " + DUE)
                .params(by, Timestamp.from(until), key.kind().apiName(), key.namespace(), key.name(), reverted, at, at)
                .update() == 1;
    }

    /** Writes the outcome of {@code by}'s attempt; false when its claim expired and another replica took it. */
    boolean finish(ResourceKey key, String reverted, String by, State state, int attempts, Instant nextAttemptAt,
                   String url, String error) {
        return jdbc.sql("UPDATE rollout_revert SET state = ?, attempts = ?, next_attempt_at = ?, url = ?, error = ?,"
                        + " claimed_by = NULL, claimed_until = NULL" + KEY + " AND state = 'CLAIMED' AND claimed_by = ?")
                .params(state.name(), attempts, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt), url,
                        error, key.kind().apiName(), key.namespace(), key.name(), reverted, by)
                .update() == 1;
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        String subject = rs.getString("actor_subject");
        String email = rs.getString("actor_email");
        Timestamp next = rs.getTimestamp("next_attempt_at");
        return new Row(new ResourceKey(Kind.of(rs.getString("kind")), rs.getString("namespace"), rs.getString("name")),
                rs.getString("reverted"), rs.getString("source"), rs.getString("target"), rs.getString("reason"),
                subject == null && email == null ? null : new AuditEvent.Actor(subject, email),
                State.valueOf(rs.getString("state")), rs.getInt("attempts"),
                next == null ? null : next.toInstant(), rs.getString("url"), rs.getString("error"));
    }
}
