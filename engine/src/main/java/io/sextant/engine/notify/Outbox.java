package io.sextant.engine.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table {@code notification_outbox} (V9): rows to deliver, one per event and channel. Enqueueing joins the
 * caller's transaction (the audit append's), so a notification exists exactly when its event does. Delivering
 * takes a lease on a row by a conditional update, so in a cluster one replica at a time holds it, and only the
 * holder settles it; a lease that runs out (its replica died) frees the row for another.
 *
 * <p>Repeats are grouped: an event whose channel, type and resource match a row still waiting folds into it (a
 * count and the newest details); after a delivery, the next row of that group waits out the group window.
 */
final class Outbox {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private static final String COLUMNS = "id, delivery_key, channel, event_type, payload, occurrences, first_at, last_at,"
            + " state, attempts, next_attempt_at, last_error, settled_at";

    private final JdbcTemplate jdbc;
    private final Duration groupWindow;

    Outbox(DataSource dataSource, Duration groupWindow) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.groupWindow = groupWindow;
    }

    /** One notification for one channel, to queue. */
    record Queued(String deliveryKey, String channel, String eventType, String groupKey, String payload) {}

    /** Queues in the caller's transaction; a delivery key already queued is skipped. */
    void enqueue(List<Queued> items, Instant now) {
        long at = now.toEpochMilli();
        for (Queued q : items) {
            if (jdbc.queryForObject("SELECT COUNT(*) FROM notification_outbox WHERE delivery_key = ?", Integer.class,
                    q.deliveryKey()) > 0) {
                continue;
            }
            List<Long> waiting = jdbc.queryForList("SELECT id FROM notification_outbox WHERE group_key = ? AND state = ?"
                    + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY id DESC", Long.class, q.groupKey(), PENDING, at);
            if (!waiting.isEmpty() && jdbc.update("UPDATE notification_outbox SET occurrences = occurrences + 1,"
                    + " last_at = ?, payload = ? WHERE id = ? AND state = ? AND (lease_until IS NULL OR lease_until < ?)",
                    at, q.payload(), waiting.get(0), PENDING, at) == 1) {
                continue;
            }
            Long lastSent = jdbc.queryForObject("SELECT MAX(COALESCE(settled_at, ?)) FROM notification_outbox"
                    + " WHERE group_key = ? AND (state = ? OR lease_until >= ?)", Long.class, at, q.groupKey(), DELIVERED, at);
            long next = lastSent == null ? at : Math.max(at, lastSent + groupWindow.toMillis());
            jdbc.update("INSERT INTO notification_outbox (delivery_key, channel, event_type, group_key, payload,"
                    + " occurrences, first_at, last_at, state, attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, 0, ?)",
                    q.deliveryKey(), q.channel(), q.eventType(), q.groupKey(), q.payload(), at, at, PENDING, next);
        }
    }

    /** A row this replica holds a lease on. */
    record Row(long id, String deliveryKey, String channel, String eventType, String payload, int occurrences,
               long firstAt, long lastAt, String state, int attempts, long nextAttemptAt, String lastError,
               Long settledAt) {}

    /**
     * Takes up to {@code limit} due rows for {@code owner} until {@code now + lease}. Each row is taken by its own
     * conditional update, which PostgreSQL re-checks against a concurrent taker's committed lease, so two replicas
     * never hold one row.
     */
    List<Row> claim(String owner, Instant now, Duration lease, int limit) {
        long at = now.toEpochMilli();
        List<Long> due = jdbc.queryForList("SELECT id FROM notification_outbox WHERE state = ? AND next_attempt_at <= ?"
                + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_attempt_at, id FETCH FIRST " + limit
                + " ROWS ONLY", Long.class, PENDING, at, at);
        List<Row> claimed = new ArrayList<>();
        for (long id : due) {
            int taken = jdbc.update("UPDATE notification_outbox SET lease_owner = ?, lease_until = ? WHERE id = ?"
                    + " AND state = ? AND (lease_until IS NULL OR lease_until < ?)", owner, at + lease.toMillis(), id,
                    PENDING, at);
            if (taken == 1) {
                claimed.addAll(jdbc.query("SELECT " + COLUMNS + " FROM notification_outbox WHERE id = ?",
                        (rs, n) -> row(rs), id));
            }
        }
        return claimed;
    }

    /**
     * Extends this owner's lease on a row right before sending it, so a long batch never sends a row whose lease
     * ran out (another replica may have taken it); false when the lease is lost.
     */
    boolean renew(Row row, String owner, Instant now, Duration lease) {
        return jdbc.update("UPDATE notification_outbox SET lease_until = ? WHERE id = ? AND lease_owner = ?"
                + " AND state = ? AND lease_until >= ?", now.toEpochMilli() + lease.toMillis(), row.id(), owner, PENDING,
                now.toEpochMilli()) == 1;
    }

    /** Deletes settled rows older than {@code before}; pending rows are kept however old. */
    int purge(Instant before) {
        return jdbc.update("DELETE FROM notification_outbox WHERE state <> ? AND settled_at < ?", PENDING,
                before.toEpochMilli());
    }

    /** Settles a row this owner holds as delivered; false when its lease was lost meanwhile. */
    boolean delivered(Row row, String owner, Instant now) {
        return jdbc.update("UPDATE notification_outbox SET state = ?, settled_at = ?, attempts = attempts + 1,"
                + " last_error = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                DELIVERED, now.toEpochMilli(), row.id(), owner) == 1;
    }

    /** Gives a row back to try again at {@code next}; {@code attempted} counts this try. */
    void retry(Row row, String owner, Instant next, String error, boolean attempted) {
        jdbc.update("UPDATE notification_outbox SET next_attempt_at = ?, attempts = attempts + ?, last_error = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                next.toEpochMilli(), attempted ? 1 : 0, error, row.id(), owner);
    }

    /** Settles a row as refused by its channel for good. */
    void failed(Row row, String owner, Instant now, String error) {
        jdbc.update("UPDATE notification_outbox SET state = ?, settled_at = ?, attempts = attempts + 1, last_error = ?,"
                + " lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                FAILED, now.toEpochMilli(), error, row.id(), owner);
    }

    /** The newest rows, optionally of one channel or state. */
    List<Row> recent(String channel, String state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM notification_outbox WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (channel != null) {
            sql.append(" AND channel = ?");
            args.add(channel);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            args.add(state);
        }
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(limit).append(" ROWS ONLY");
        return jdbc.query(sql.toString(), (rs, n) -> row(rs), args.toArray());
    }

    /** Row counts by channel and state. */
    Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        jdbc.query("SELECT channel, state, COUNT(*) FROM notification_outbox GROUP BY channel, state", rs -> {
            counts.computeIfAbsent(rs.getString(1), c -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return counts;
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        long settledAt = rs.getLong("settled_at");
        Long settled = rs.wasNull() ? null : settledAt;
        return new Row(rs.getLong("id"), rs.getString("delivery_key"), rs.getString("channel"),
                rs.getString("event_type"), rs.getString("payload"), rs.getInt("occurrences"), rs.getLong("first_at"),
                rs.getLong("last_at"), rs.getString("state"), rs.getInt("attempts"), rs.getLong("next_attempt_at"),
                rs.getString("last_error"), settled);
    }
}
