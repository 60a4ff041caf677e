package io.sextant.engine.suspend;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Suspensions in the database ({@code V14__suspensions}), the one record every replica reads: a suspend made
 * through one replica holds on every other from their next look.
 */
@Component
public final class SuspensionStore {

    private static final String SOURCE = "source";
    private static final String RESOURCE = "resource";

    private final JdbcClient jdbc;

    SuspensionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every suspension in force. There are few: one query, no index needed beyond the key. */
    public Suspensions all() {
        return new Suspensions(jdbc.sql("SELECT * FROM suspension").query(SuspensionStore::row).list());
    }

    public Optional<Suspension> find(Suspension.Target target) {
        Key k = Key.of(target);
        return jdbc.sql("SELECT * FROM suspension WHERE scope = ? AND kind = ? AND namespace = ? AND name = ?")
                .params(k.scope, k.kind, k.namespace, k.name).query(SuspensionStore::row).optional();
    }

    /**
     * Stores {@code suspension} unless its target is already suspended; returns the suspension in force and
     * whether it is the new one (a second suspend changes nothing: who suspended first, and why, stay).
     */
    Stored add(Suspension suspension) {
        Key k = Key.of(suspension.target());
        try {
            jdbc.sql("INSERT INTO suspension (scope, kind, namespace, name, suspended_by, suspended_at, reason)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(k.scope, k.kind, k.namespace, k.name, suspension.suspendedBy(),
                            Timestamp.from(suspension.suspendedAt()), suspension.reason())
                    .update();
            return new Stored(suspension, true);
        } catch (DuplicateKeyException already) {
            return new Stored(find(suspension.target()).orElse(suspension), false);
        }
    }

    /** Removes the suspension of {@code target}; returns the one removed, if there was one. */
    Optional<Suspension> remove(Suspension.Target target) {
        Optional<Suspension> current = find(target);
        Key k = Key.of(target);
        int removed = jdbc.sql("DELETE FROM suspension WHERE scope = ? AND kind = ? AND namespace = ? AND name = ?")
                .params(k.scope, k.kind, k.namespace, k.name).update();
        return removed == 0 ? Optional.empty() : current;
    }

    /** A suspension as stored, and whether this call stored it. */
    record Stored(Suspension suspension, boolean added) {}

    private record Key(String scope, String kind, String namespace, String name) {
        static Key of(Suspension.Target target) {
            if (target instanceof Suspension.OfResource r) {
                return new Key(RESOURCE, r.key().kind().apiName(), r.key().namespace(), r.key().name());
            }
            return new Key(SOURCE, "", "", ((Suspension.OfSource) target).name());
        }
    }

    private static Suspension row(ResultSet rs, int row) throws SQLException {
        Suspension.Target target = SOURCE.equals(rs.getString("scope"))
                ? new Suspension.OfSource(rs.getString("name"))
                : new Suspension.OfResource(new ResourceKey(Kind.of(rs.getString("kind")), rs.getString("namespace"),
                        rs.getString("name")));
        return new Suspension(target, rs.getString("suspended_by"), rs.getTimestamp("suspended_at").toInstant(),
                rs.getString("reason"));
    }
}
