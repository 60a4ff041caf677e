package io.sextant.engine.reconcile;

import static io.sextant.engine.reconcile.Core.key;
import static io.sextant.engine.reconcile.StepRunnerTest.C1;
import static io.sextant.engine.reconcile.StepRunnerTest.C2;
import static io.sextant.engine.reconcile.StepRunnerTest.create;
import static io.sextant.engine.reconcile.StepRunnerTest.delete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.StalePositionException;
import io.sextant.git.api.CommitInfo;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SyncJournal} and {@link JournalRecovery} alone: the plan is written before any step runs, only
 * from the source's current position, and open steps of a run that died are re-observed, never re-applied.
 */
class SyncJournalTest {

    static final TestDatabase DB = TestDatabase.migrated();

    Core core;

    @BeforeEach
    void freshCore() {
        core = new Core(DB);
    }

    static CommitInfo commit(String id) {
        return new CommitInfo(id, "Ada <ada@example.com>", "scale the chat models", Instant.EPOCH);
    }

    SyncJournal.Begun begin(SourcePosition expected, String commit, PlanStep... steps) {
        return core.journal.begin(expected, Core.SOURCE, commit(commit), Trigger.WEBHOOK,
                new GateVerdict(true, null, 17, List.of("grace")), List.of(steps));
    }

    @Test
    void thePlanIsJournaledBeforeItsFirstStepRuns() {
        List<String> atWrites = new CopyOnWriteArrayList<>(); // the wave's writes run concurrently
        core.backend.onWrite(key -> atWrites.add(DB.count("sync_plan", "commit_id = '" + C1 + "'") + " plan, "
                + DB.count("sync_step", "done = FALSE") + " open steps"));

        core.runSteps(Trigger.POLL, C1, create("a", 1), create("b", 1));

        assertThat(atWrites).containsExactly("1 plan, 2 open steps", "1 plan, 2 open steps");
        assertThat(DB.count("sync_step", "done = FALSE")).as("after the run").isZero();
    }

    @Test
    void aRunFromAStalePositionJournalsNothing() {
        SourcePosition read = core.positions.load(Core.SOURCE);
        begin(read, C2, create("a", 3)); // another run moved the position meanwhile

        assertThatThrownBy(() -> begin(read, C1, create("a", 1))).isInstanceOf(StalePositionException.class);

        assertThat(DB.count("sync_plan", "commit_id = '" + C1 + "'")).isZero();
        assertThat(DB.count("sync_step", "")).isEqualTo(1);
        assertThat(core.positions.load(Core.SOURCE).plannedRevision()).isEqualTo(C2);
    }

    @Test
    void aStaleRunAppliesNothing() {
        SourcePosition read = core.positions.load(Core.SOURCE);
        begin(read, C2, create("a", 3));

        assertThatThrownBy(() -> core.runSteps(Trigger.POLL, C1, read, create("a", 1)))
                .isInstanceOf(StalePositionException.class);

        assertThat(core.backend.writes()).isEmpty();
        assertThat(core.auditEvents()).isEmpty();
    }

    @Test
    void openStepsOfADeadRunAreReObservedAndOnlyThoseTakenGetTheirEvent() {
        // The run died after the backend took "a" and the delete of "c", before "b" and before recording any.
        core.backend.putLive(key("a"), create("a", 1).desired().manifest());
        core.backend.putLive(key("b"), create("b", 1).desired().manifest());
        begin(core.positions.load(Core.SOURCE), C1, create("a", 1), create("b", 2), delete("c"));
        core.backend.forgetCalls();

        int applied = core.recovery.recover(Core.SOURCE);

        assertThat(applied).isEqualTo(2);
        assertThat(core.auditTrail()).containsExactly("create a succeeded", "delete c succeeded");
        AuditEvent event = core.auditEvents().get(0);
        assertThat(event.commit()).isEqualTo(C1);
        assertThat(event.trigger()).isEqualTo("webhook");
        assertThat(event.pullRequest()).isEqualTo(17);
        assertThat(event.approvedBy()).containsExactly("grace");
        assertThat(DB.count("sync_step", "done = FALSE")).as("every open step closed").isZero();
        assertThat(core.backend.writes()).as("re-observed, never re-applied").isEmpty();

        assertThat(core.recovery.recover(Core.SOURCE)).as("a second recovery finds nothing").isZero();
        assertThat(core.auditEvents()).hasSize(2);
    }

    @Test
    void aStepThatCannotBeReObservedIsClosedWithoutAnEventForTheNextRunToDecide() {
        core.backend.putLive(key("a"), create("a", 1).desired().manifest());
        begin(core.positions.load(Core.SOURCE), C1, create("a", 1));
        core.backend.fail(Op.OBSERVE, FakeApplier.transientError("503"));

        assertThat(core.recovery.recover(Core.SOURCE)).isZero();

        assertThat(core.auditEvents()).isEmpty();
        assertThat(DB.count("sync_step", "done = FALSE")).isZero();
    }
}
