package io.sextant.engine.rollout;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Rollout states in the database ({@code V10__rollouts}): one row per resource, its latest rollout. */
final class RolloutStore {

    private final JdbcClient jdbc;

    RolloutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RolloutState> find(ResourceKey key) {
        return jdbc.sql("SELECT * FROM rollout WHERE kind = ? AND namespace = ? AND name = ?")
                .params(key.kind().apiName(), key.namespace(), key.name())
                .query(RolloutStore::row).optional();
    }

    /** Every resource's latest rollout, newest first. */
    List<RolloutState> all() {
        return jdbc.sql("SELECT * FROM rollout ORDER BY started_at DESC, namespace, name")
                .query(RolloutStore::row).list();
    }

    /** Rollouts that move on by themselves. */
    List<RolloutState> running() {
        return jdbc.sql("SELECT * FROM rollout WHERE phase = 'RUNNING' ORDER BY started_at")
                .query(RolloutStore::row).list();
    }

    /** Rollouts whose canary holds traffic now: running or paused, at a weight above 0. */
    List<RolloutState> shifting() {
        return jdbc.sql("SELECT * FROM rollout WHERE phase IN ('RUNNING', 'PAUSED') AND weight > 0 ORDER BY started_at")
                .query(RolloutStore::row).list();
    }

    void save(RolloutState s) {
        int updated = jdbc.sql("UPDATE rollout SET source = ?, backend = ?, stable_revision = ?, canary_revision = ?,"
                        + " phase = ?, step = ?, weight = ?, analysis_id = ?, step_started_at = ?, started_at = ?,"
                        + " message = ? WHERE kind = ? AND namespace = ? AND name = ?")
                .params(s.source(), s.backend(), s.stableRevision(), s.canaryRevision(), s.phase().name(), s.step(),
                        s.weight(), s.analysisId(), Timestamp.from(s.stepStartedAt()), Timestamp.from(s.startedAt()),
                        s.message(), s.key().kind().apiName(), s.key().namespace(), s.key().name())
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO rollout (source, backend, stable_revision, canary_revision, phase, step, weight,"
                            + " analysis_id, step_started_at, started_at, message, kind, namespace, name)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(s.source(), s.backend(), s.stableRevision(), s.canaryRevision(), s.phase().name(),
                            s.step(), s.weight(), s.analysisId(), Timestamp.from(s.stepStartedAt()),
                            Timestamp.from(s.startedAt()), s.message(), s.key().kind().apiName(), s.key().namespace(),
                            s.key().name())
                    .update();
        }
    }

    private static RolloutState row(ResultSet rs, int row) throws SQLException {
        return new RolloutState(new ResourceKey(Kind.of(rs.getString("kind")), rs.getString("namespace"),
                rs.getString("name")), rs.getString("source"), rs.getString("backend"),
                rs.getString("stable_revision"), rs.getString("canary_revision"),
                RolloutState.Phase.valueOf(rs.getString("phase")), rs.getInt("step"), rs.getInt("weight"),
                rs.getString("analysis_id"), rs.getTimestamp("step_started_at").toInstant(),
                rs.getTimestamp("started_at").toInstant(), rs.getString("message"));
    }
}
