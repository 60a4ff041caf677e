package io.sextant.engine.reconcile;

import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SourcePositions;
import io.sextant.engine.status.StalePositionException;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sync journal (tables of {@code V3__sync_journal.sql}): a plan is written with its commit before
 * any step runs; each step is marked done in the same transaction as its audit event.
 */
@Repository
public class SyncJournal {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Plans of fewer steps per core than this are written out on the calling thread alone. */
    private static final int MIN_STEPS_PER_THREAD = 64;
    private static final String DONE = "UPDATE sync_step SET done = TRUE WHERE plan_id = ? AND step_index = ?";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;

    private final SourcePositions positions;

    public SyncJournal(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager transactionManager,
                       SourcePositions positions) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactionManager);
        this.positions = positions;
    }

    /** A journaled plan's id, and the source's position that journaling it moved to. */
    record Begun(long planId, SourcePosition position) {}

    /** A journaled plan: its id and where it came from. */
    record JournaledPlan(long id, String source, CommitInfo commit, String trigger, GateVerdict verdict) {}

    /** A journaled step not yet marked done. */
    record OpenStep(long planId, int index, Action action, boolean drift, ResourceKey key, String backend,
                    JsonNode desired, JsonNode diff) {}

    /**
     * Writes the plan and its steps in one transaction (a plan is never journaled half) and one JDBC
     * batch, so journaling costs little per step. In the same transaction the source's position moves from
     * {@code expected} to this plan's commit by compare-and-set: a run that worked from an older position
     * journals nothing and applies nothing. The steps' JSON columns are written out on every core first,
     * outside the transaction.
     *
     * @throws StalePositionException when another run moved the source's position since {@code expected}
     */
    Begun begin(SourcePosition expected, String source, CommitInfo commit, Trigger trigger, GateVerdict verdict,
                List<PlanStep> steps) {
        List<StepJson> json = AllCores.map(steps, MIN_STEPS_PER_THREAD, step -> new StepJson(
                step.desired() == null ? null : step.desired().manifest().toString(), DiffJson.of(step.diff()).toString()));
        return transactions.execute(tx -> {
            SourcePosition moved = positions.claimPlan(source, expected, commit.id());
            KeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO sync_plan (source, commit_id, commit_author, commit_message, trigger_type, pull_request,
                      approved_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(source, commit.id(), commit.author(), commit.message(), trigger.apiName(),
                            verdict.pullRequest(), JSON.writeValueAsString(verdict.approvedBy()), Instant.now().toString())
                    .update(keys, "id");
            long id = keys.getKeyAs(Number.class).longValue();
            batches.batchUpdate("""
                    INSERT INTO sync_step (plan_id, step_index, idempotency_key, action, drift, kind, namespace, name,
                      backend, desired, diff, done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)""",
                    new BatchPreparedStatementSetter() {
                        @Override
                        public void setValues(PreparedStatement ps, int i) throws SQLException {
                            PlanStep step = steps.get(i);
                            ps.setLong(1, id);
                            ps.setInt(2, i);
                            ps.setString(3, idempotencyKey(commit, step));
                            ps.setString(4, step.action().name());
                            ps.setBoolean(5, step.drift());
                            ps.setString(6, step.key().kind().apiName());
                            ps.setString(7, step.key().namespace());
                            ps.setString(8, step.key().name());
                            ps.setString(9, step.backend());
                            ps.setString(10, json.get(i).desired());
                            ps.setString(11, json.get(i).diff());
                        }

                        @Override
                        public int getBatchSize() {
                            return steps.size();
                        }
                    });
            return new Begun(id, moved);
        });
    }

    /** A step's desired manifest (null for a delete) and diff as JSON text. */
    private record StepJson(String desired, String diff) {}

    /** {@code commit/kind/namespace/name/action}: what one step means, whichever plan holds it. */
    static String idempotencyKey(CommitInfo commit, PlanStep step) {
        return commit.id() + "/" + step.key() + "/" + step.action().apiName();
    }

    void done(long planId, int index) {
        doneAll(planId, List.of(index));
    }

    /** Marks steps of a plan done, in one JDBC batch (and the caller's transaction, when there is one). */
    void doneAll(long planId, List<Integer> indexes) {
        if (indexes.isEmpty()) {
            return;
        }
        batches.batchUpdate(DONE, indexes, indexes.size(), (ps, index) -> {
            ps.setLong(1, planId);
            ps.setInt(2, index);
        });
    }

    /**
     * Steps of a source's earlier runs that never finished (the engine stopped mid-plan), oldest first.
     * Called at the start of a run of that source, when no other run of it can be in progress.
     */
    List<OpenStep> openSteps(String source) {
        return jdbc.sql("SELECT s.* FROM sync_step s JOIN sync_plan p ON p.id = s.plan_id"
                        + " WHERE s.done = FALSE AND p.source = ? ORDER BY s.plan_id, s.step_index")
                .param(source)
                .query((rs, row) -> new OpenStep(rs.getLong("plan_id"), rs.getInt("step_index"),
                        Action.valueOf(rs.getString("action")), rs.getBoolean("drift"),
                        new ResourceKey(Kind.of(rs.getString("kind")), rs.getString("namespace"),
                                rs.getString("name")),
                        rs.getString("backend"),
                        rs.getString("desired") == null ? null : JSON.readTree(rs.getString("desired")),
                        JSON.readTree(rs.getString("diff"))))
                .list();
    }

    JournaledPlan plan(long planId) {
        return jdbc.sql("SELECT * FROM sync_plan WHERE id = ?").param(planId).query((rs, row) -> new JournaledPlan(
                rs.getLong("id"), rs.getString("source"),
                new CommitInfo(rs.getString("commit_id"), rs.getString("commit_author"), rs.getString("commit_message"),
                        null),
                rs.getString("trigger_type"),
                new GateVerdict(true, null, rs.getObject("pull_request") == null ? null : rs.getInt("pull_request"),
                        List.of(JSON.readValue(rs.getString("approved_by"), String[].class)))))
                .single();
    }
}
