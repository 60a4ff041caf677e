package io.sextant.engine.status;

import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.OperationStatus;
import io.sextant.engine.reconcile.SyncStatus;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Durable resource statuses (table {@code resource_status} of {@code V2__status.sql} and {@code V4__one_truth.sql}). */
@Repository
public class StatusRepository {

    private static final String UPDATE = """
            UPDATE resource_status SET source = ?, backend = ?, sync_status = ?, health = ?, operation = ?,
              message = ?, desired_revision = ?, applied_revision = ?, last_synced_at = ?, applied_digest = ?,
              drift_reported = ?, failure_key = ?, failure_commit = ?, next_attempt_at = ?, attempts = ?
            WHERE kind = ? AND namespace = ? AND name = ?""";
    private static final String INSERT = """
            INSERT INTO resource_status (kind, namespace, name, source, backend, sync_status, health, operation,
              message, desired_revision, applied_revision, last_synced_at, applied_digest, drift_reported, failure_key,
              failure_commit, next_attempt_at, attempts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Batches at least this large first check whether the table is empty. */
    private static final int PROBE_EMPTY_FROM = 100;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;

    public StatusRepository(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    List<TrackedResource> loadResources() {
        return jdbc.sql("SELECT * FROM resource_status").query((rs, row) -> new TrackedResource(
                new ResourceKey(Kind.of(rs.getString("kind")), rs.getString("namespace"),
                        rs.getString("name")),
                rs.getString("source"),
                rs.getString("backend"),
                SyncStatus.fromApiName(rs.getString("sync_status")),
                health(rs.getString("health")),
                OperationStatus.fromApiName(rs.getString("operation")),
                rs.getString("message"),
                rs.getString("desired_revision"),
                rs.getString("applied_revision"),
                rs.getString("last_synced_at") == null ? null : Instant.parse(rs.getString("last_synced_at")),
                null, null, List.of(), rs.getString("drift_reported"), rs.getString("applied_digest"),
                failure(rs.getString("failure_key"), rs.getString("failure_commit"), rs.getInt("attempts"),
                        rs.getString("next_attempt_at")))).list();
    }

    private static Failure failure(String key, String commit, int attempts, String nextAttemptAt) {
        return key == null || nextAttemptAt == null || attempts < 1 ? null
                : new Failure(key, commit, attempts, Instant.parse(nextAttemptAt));
    }

    private static Health health(String name) {
        for (Health h : Health.values()) {
            if (h.apiName().equals(name)) {
                return h;
            }
        }
        return Health.UNKNOWN;
    }

    void saveResource(TrackedResource r) {
        saveResources(List.of(r));
    }

    /**
     * Upserts statuses in one transaction and two JDBC batches (updates, then inserts of the rows that
     * did not exist): a sync of thousands of resources must not pay a commit per resource. Into an
     * empty table (a first sync) the rows are inserted straight away, without thousands of updates
     * that find nothing.
     */
    void saveResources(List<TrackedResource> resources) {
        if (resources.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(tx -> {
            List<TrackedResource> missing = resources;
            if (resources.size() < PROBE_EMPTY_FROM || !isEmpty()) {
                int[] updated = batches.batchUpdate(UPDATE, resources, resources.size(), (ps, r) -> {
                    set(ps, 1, r.source(), r.backend(), r.sync().apiName(), r.health().apiName(),
                            r.operation().apiName(), truncate(r.message()), r.desiredRevision(), r.appliedRevision(),
                            instant(r));
                    setRetry(ps, 10, r);
                    set(ps, 16, r.key().kind().apiName(), r.key().namespace(), r.key().name());
                })[0];
                missing = new ArrayList<>();
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        missing.add(resources.get(i));
                    }
                }
            }
            if (!missing.isEmpty()) {
                batches.batchUpdate(INSERT, missing, missing.size(), (ps, r) -> {
                    set(ps, 1, r.key().kind().apiName(), r.key().namespace(), r.key().name(), r.source(),
                            r.backend(), r.sync().apiName(), r.health().apiName(), r.operation().apiName(),
                            truncate(r.message()), r.desiredRevision(), r.appliedRevision(), instant(r));
                    setRetry(ps, 13, r);
                });
            }
        });
    }

    private boolean isEmpty() {
        return batches.queryForList("SELECT kind FROM resource_status FETCH FIRST 1 ROWS ONLY", String.class).isEmpty();
    }

    private static void set(PreparedStatement ps, int from, String... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            ps.setString(from + i, values[i]);
        }
    }

    /** The digest, drift and failure columns, from {@code from} on: six parameters. */
    private static void setRetry(PreparedStatement ps, int from, TrackedResource r) throws SQLException {
        Failure failure = r.failure();
        set(ps, from, r.appliedDigest(), r.driftReported(), failure == null ? null : failure.key(),
                failure == null ? null : failure.commit(),
                failure == null ? null : failure.nextAttemptAt().toString());
        ps.setInt(from + 5, r.attempts());
    }

    private static String instant(TrackedResource r) {
        return r.lastSyncedAt() == null ? null : r.lastSyncedAt().toString();
    }

    void deleteResource(ResourceKey key) {
        jdbc.sql("DELETE FROM resource_status WHERE kind = ? AND namespace = ? AND name = ?")
                .params(key.kind().apiName(), key.namespace(), key.name()).update();
    }

    private static String truncate(String message) {
        return message.length() <= 4000 ? message : message.substring(0, 3997) + "...";
    }
}
