package io.sextant.engine.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * One reconcile of a source at a time across the cluster, held as a PostgreSQL session advisory lock
 * for the length of the run.
 *
 * <p>Quartz's {@code @DisallowConcurrentExecution} is not enough on its own: when it recovers the jobs
 * of a replica that died (or restarted under the same instance id), it releases every blocked trigger
 * of those jobs, even while a live replica is still running one, and the released trigger then fires
 * on a third replica. Seen in {@code ReplicaSoakTest}: a restarted replica's run closed a journal step
 * that a live replica's run was recording at the same moment, and the step got two audit events. The
 * database lock has no such gap, and a replica that dies loses it with its connection, so failover
 * does not wait for a lease to expire.
 */
@Component
@ConditionalOnProperty(name = "sextant.cluster.enabled", havingValue = "true")
public class SourceRunLocks {

    private final DataSource dataSource;

    SourceRunLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} holding the lock of {@code source}; returns false without running it when another
     * run of the source holds the lock, in this process or any other.
     */
    boolean runExclusively(String source, Runnable work) {
        return runExclusively("reconcile", source, work);
    }

    /**
     * Runs {@code work} holding the cluster-wide lock named {@code name} in {@code scope} (such as a
     * rollout's resource); returns false without running it when another holder has the lock.
     */
    public boolean runExclusively(String scope, String name, Runnable work) {
        long key = lockKey(scope, name);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!call(connection, "SELECT pg_try_advisory_lock(?)", key)) {
                return false;
            }
            try {
                work.run();
            } finally {
                call(connection, "SELECT pg_advisory_unlock(?)", key);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the cluster lock of " + scope + " '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    private static boolean call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    /** The lock key of a source's runs. */
    static long lockKey(String source) {
        return lockKey("reconcile", source);
    }

    /** The first eight bytes of the sha-256 of scope and name: one advisory-lock key per locked thing. */
    static long lockKey(String scope, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("sextant-" + scope + "/" + name).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
