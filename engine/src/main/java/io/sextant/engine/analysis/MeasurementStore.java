package io.sextant.engine.analysis;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.Phase;
import io.sextant.analysis.Verdict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Analysis runs and their measurements in the database (tables of {@code V8__analysis_measurements}). */
final class MeasurementStore {

    /** A stored run: what the API lists. */
    record RunRow(String id, String namespace, String name, String backend, String canary, String stable,
                  Phase phase, String message, Instant startedAt, Instant finishedAt) {
    }

    private final JdbcClient jdbc;

    MeasurementStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void started(AnalysisRun run) {
        var t = run.target();
        jdbc.sql("INSERT INTO analysis_run (id, namespace, name, backend, canary, stable, phase, message, started_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(run.id(), t.namespace(), t.name(), t.backend(), t.canary(), t.stable(), run.phase().name(),
                        run.message(), Timestamp.from(run.started()))
                .update();
    }

    void measured(AnalysisRun run, Measurement m) {
        jdbc.sql("INSERT INTO analysis_measurement (run_id, metric, seq, measured_at, canary_value, stable_value,"
                        + " condition_text, verdict, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(run.id(), m.metric(), m.index(), Timestamp.from(m.time()), m.canary(), m.stable(),
                        m.condition(), m.verdict().name(), m.message())
                .update();
    }

    void finished(AnalysisRun run, Instant at) {
        jdbc.sql("UPDATE analysis_run SET phase = ?, message = ?, finished_at = ? WHERE id = ?")
                .params(run.phase().name(), run.message(), Timestamp.from(at), run.id())
                .update();
    }

    /** Runs, newest first; of one resource when {@code namespace} and {@code name} are given. */
    List<RunRow> runs(String namespace, String name, int limit) {
        String where = namespace == null ? "" : " WHERE namespace = ? AND name = ?";
        var spec = jdbc.sql("SELECT * FROM analysis_run" + where + " ORDER BY started_at DESC, id LIMIT " + limit);
        if (namespace != null) {
            spec = spec.params(namespace, name);
        }
        return spec.query(MeasurementStore::run).list();
    }

    Optional<RunRow> run(String id) {
        return jdbc.sql("SELECT * FROM analysis_run WHERE id = ?").param(id).query(MeasurementStore::run).optional();
    }

    /** The measurements of a run, by time, then metric name. */
    List<Measurement> measurements(String runId) {
        return jdbc.sql("SELECT * FROM analysis_measurement WHERE run_id = ? ORDER BY measured_at, metric, seq")
                .param(runId)
                .query((rs, i) -> new Measurement(rs.getString("metric"), rs.getInt("seq"),
                        rs.getTimestamp("measured_at").toInstant(), number(rs, "canary_value"),
                        number(rs, "stable_value"), rs.getString("condition_text"), Verdict.valueOf(rs.getString("verdict")),
                        rs.getString("message")))
                .list();
    }

    private static RunRow run(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new RunRow(rs.getString("id"), rs.getString("namespace"), rs.getString("name"), rs.getString("backend"),
                rs.getString("canary"), rs.getString("stable"), Phase.valueOf(rs.getString("phase")),
                rs.getString("message"), rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant());
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
