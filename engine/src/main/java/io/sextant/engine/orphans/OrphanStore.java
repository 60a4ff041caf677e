package io.sextant.engine.orphans;

import io.sextant.engine.audit.AuditEvent.ResourceRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The orphans the scans found, in the database ({@code V13__orphans}): the one list every replica answers from,
 * with each object's first sighting, which a restart does not reset.
 */
final class OrphanStore {

    private final JdbcClient jdbc;

    OrphanStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every stored orphan, by backend, kind, namespace and name. */
    List<Orphan> all() {
        return jdbc.sql("SELECT * FROM orphan ORDER BY backend, api_version, kind, namespace, name")
                .query(OrphanStore::row).list();
    }

    /** The stored orphans of one backend, by {@link Orphan#id()}. */
    Map<String, Orphan> of(String backend) {
        return jdbc.sql("SELECT * FROM orphan WHERE backend = ?").params(backend).query(OrphanStore::row).list()
                .stream().collect(Collectors.toMap(Orphan::id, Function.identity()));
    }

    /**
     * Records a sighting: a new row with {@code orphan.since()} as first sighting, or, when a scan (of any
     * replica) recorded it before, its description brought up to date and the stored first sighting returned.
     */
    Orphan sighted(Orphan orphan) {
        try {
            jdbc.sql("INSERT INTO orphan (backend, api_version, kind, namespace, name, resource_kind, resource_namespace,"
                            + " resource_name, source, reason, since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(orphan.backend(), orphan.apiVersion(), orphan.kind(), orphan.namespace(), orphan.name(),
                            orphan.resource().kind(), orphan.resource().namespace(), orphan.resource().name(),
                            orphan.source(), orphan.reason(), Timestamp.from(orphan.since()))
                    .update();
            return orphan;
        } catch (DuplicateKeyException already) {
            // Another replica's scan recorded it first: its sighting is the first one.
            jdbc.sql("UPDATE orphan SET resource_kind = ?, resource_namespace = ?, resource_name = ?, source = ?, reason = ?"
                            + " WHERE backend = ? AND api_version = ? AND kind = ? AND namespace = ? AND name = ?")
                    .params(orphan.resource().kind(), orphan.resource().namespace(), orphan.resource().name(),
                            orphan.source(), orphan.reason(), orphan.backend(), orphan.apiVersion(), orphan.kind(),
                            orphan.namespace(), orphan.name())
                    .update();
            return of(orphan.backend()).getOrDefault(orphan.id(), orphan);
        }
    }

    /** Forgets the orphans of {@code backend} a scan no longer found (gone, pruned, or back in Git). */
    void keepOnly(String backend, Set<String> ids) {
        for (Orphan stored : of(backend).values()) {
            if (!ids.contains(stored.id())) {
                forget(stored);
            }
        }
    }

    void forget(Orphan orphan) {
        jdbc.sql("DELETE FROM orphan WHERE backend = ? AND api_version = ? AND kind = ? AND namespace = ? AND name = ?")
                .params(orphan.backend(), orphan.apiVersion(), orphan.kind(), orphan.namespace(), orphan.name())
                .update();
    }

    private static Orphan row(ResultSet rs, int row) throws SQLException {
        return new Orphan(rs.getString("backend"), rs.getString("api_version"), rs.getString("kind"),
                rs.getString("namespace"), rs.getString("name"), new ResourceRef(rs.getString("resource_kind"),
                rs.getString("resource_namespace"), rs.getString("resource_name")), rs.getString("source"),
                rs.getString("reason"), rs.getTimestamp("since").toInstant());
    }
}
