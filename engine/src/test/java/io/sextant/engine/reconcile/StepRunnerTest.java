package io.sextant.engine.reconcile;

import static io.sextant.engine.reconcile.Core.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.config.SyncProperties;
import io.sextant.engine.reconcile.FakeApplier.Op;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.IntNode;

/**
 * {@link StepRunner} and {@link StepRecorder} alone: plan steps through the gates onto a fake backend,
 * and what is recorded of them (audit events, statuses), on a real database.
 */
class StepRunnerTest {

    static final TestDatabase DB = TestDatabase.migrated();
    static final String C1 = "1".repeat(40);
    static final String C2 = "2".repeat(40);

    Core core;

    @BeforeEach
    void freshCore() {
        core = new Core(DB);
    }

    static PlanStep create(String name, int replicas, String... dependsOn) {
        String yaml = Core.deployment(name, replicas, List.of(dependsOn));
        SpecDocument doc = new SpecLoader().load("deploy/" + name + ".yaml", yaml.getBytes(StandardCharsets.UTF_8))
                .documents().get(0);
        return new PlanStep(Action.CREATE, key(name), Core.BACKEND, new DesiredResource(doc.resource(), doc.manifest(),
                C1), List.of(), io.sextant.spec.api.Kinds.builtIn().dependsOn(doc.resource()));
    }

    static PlanStep delete(String name) {
        return new PlanStep(Action.DELETE, key(name), Core.BACKEND, null, List.of(), List.of());
    }

    /** Live replicas went from 2 (as applied) to {@code live}, out of band. */
    static PlanStep drift(String name, int live) {
        PlanStep apply = create(name, 2);
        return new PlanStep(Action.UPDATE, apply.key(), apply.backend(), apply.desired(),
                List.of(new FieldChange("replace", "/spec/replicas", IntNode.valueOf(live), IntNode.valueOf(2))),
                List.of(), true);
    }

    ReconcileRun.StepTally run(Trigger trigger, String commit, PlanStep... steps) {
        return core.runSteps(trigger, commit, steps);
    }

    void track(String name) {
        core.tracker.put(new TrackedResource(key(name), Core.SOURCE, Core.BACKEND, SyncStatus.SYNCED, Health.HEALTHY,
                OperationStatus.SUCCEEDED, "", C1, C1, Instant.EPOCH, null, null, List.of(), null, "digest", null));
    }

    /**
     * @param attemptsMade each attempt as {@code commit:error} (commit 1 or 2), or {@code commit:ok}
     * @param trail        the audit events expected, oldest first
     * @param attempts     the failing attempts counted on the status in the end
     */
    record Case(String what, List<String> attemptsMade, List<String> trail, int attempts) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Case> failures() {
        return Stream.of(
                new Case("the same failure thrice: one event", List.of("1:400 bad", "1:400 bad", "1:400 bad"),
                        List.of("create a failed"), 3),
                new Case("another error: another event", List.of("1:400 bad", "1:409 conflict"),
                        List.of("create a failed", "create a failed"), 1),
                new Case("the same error at a new commit: another event", List.of("1:400 bad", "2:400 bad"),
                        List.of("create a failed", "create a failed"), 1),
                new Case("then a success: one event, the failure is over", List.of("1:400 bad", "1:400 bad", "1:ok"),
                        List.of("create a failed", "create a succeeded"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailureIsAuditedOnceAndItsAttemptsCountUpOnTheStatus(Case c) {
        for (String attempt : c.attemptsMade()) {
            String commit = attempt.startsWith("1:") ? C1 : C2;
            String error = attempt.substring(2);
            core.backend.heal();
            if (!error.equals("ok")) {
                core.backend.fail(Op.APPLY, FakeApplier.permanentError(error));
            }
            run(Trigger.POLL, commit, create("a", 1));
        }

        assertThat(core.auditTrail()).containsExactlyElementsOf(c.trail());
        TrackedResource status = core.status("a");
        assertThat(status.attempts()).isEqualTo(c.attempts());
        if (c.attempts() == 0) {
            assertThat(status.operation()).isEqualTo(OperationStatus.SUCCEEDED);
            assertThat(status.nextAttemptAt()).isNull();
        } else {
            assertThat(status.operation()).isEqualTo(OperationStatus.FAILED);
            long delay = 5L << (c.attempts() - 1);
            assertThat(status.nextAttemptAt()).isEqualTo(core.clock.instant().plusSeconds(delay));
            assertThat(status.message()).endsWith(c.attempts() > 1 ? "(attempt " + c.attempts() + ")" : "");
        }
    }

    @Test
    void aBlockedStepIsRecordedOnceAndNotApplied() {
        core.gate.block("commit is not from an approved pull request");

        run(Trigger.POLL, C1, create("a", 1));
        run(Trigger.POLL, C1, create("a", 1));

        assertThat(core.auditTrail()).containsExactly("blocked a blocked");
        assertThat(core.auditEvents().get(0).error()).isEqualTo("commit is not from an approved pull request");
        assertThat(core.status("a").operation()).isEqualTo(OperationStatus.BLOCKED);
        assertThat(core.backend.writes()).isEmpty();
    }

    @Test
    void aStepWhoseDependencyFailedIsNotAttempted() {
        core.backend.fail(Op.APPLY, key("base"), FakeApplier.permanentError("400: no such model"));

        ReconcileRun.StepTally tally = run(Trigger.WEBHOOK, C1, create("base", 1), create("adapter", 1, "base"));

        assertThat(core.backend.calls(Op.APPLY)).containsExactly(key("base"));
        assertThat(core.status("adapter").message())
                .isEqualTo("not applied: depends on ModelDeployment/search/base, which failed");
        assertThat(core.auditTrail()).containsExactly("create base failed", "create adapter failed");
        assertThat(tally.failed).isEqualTo(2);
    }

    @Test
    void theMassDeletionGuardBlocksEveryDeletionOfTheRun() {
        core.sync = new SyncProperties(true, true, false, 1);
        track("a");
        track("b");

        run(Trigger.POLL, C1, delete("a"), delete("b"));

        assertThat(core.backend.writes()).isEmpty();
        assertThat(core.auditTrail()).containsExactlyInAnyOrder("blocked a blocked", "blocked b blocked");
        assertThat(core.auditEvents()).allSatisfy(e -> assertThat(e.error()).startsWith("mass-deletion guard"));
    }

    @Test
    void withAutoSyncOffOnlyAManualSyncApplies() {
        core.sync = new SyncProperties(false, true, false, 10);
        track("a");

        run(Trigger.POLL, C1, create("a", 1));
        assertThat(core.backend.writes()).isEmpty();
        assertThat(core.auditTrail()).isEmpty();
        assertThat(core.status("a").message()).isEqualTo("auto-sync is off: POST /api/v1/sync to apply");

        run(Trigger.MANUAL, C1, create("a", 1));
        assertThat(core.backend.calls(Op.APPLY)).containsExactly(key("a"));
        assertThat(core.auditTrail()).containsExactly("create a succeeded");
    }

    record DriftCase(String what, boolean selfHeal, List<Trigger> runs, List<String> trail, int writes) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<DriftCase> drifts() {
        return Stream.of(
                new DriftCase("self-heal off: detected once, not healed", false,
                        List.of(Trigger.DRIFT, Trigger.DRIFT, Trigger.DRIFT), List.of("drift-detected a succeeded"), 0),
                new DriftCase("self-heal off, then a manual sync heals", false, List.of(Trigger.DRIFT, Trigger.MANUAL),
                        List.of("drift-detected a succeeded", "drift-corrected a succeeded"), 1),
                new DriftCase("self-heal on: detected and healed", true, List.of(Trigger.DRIFT),
                        List.of("drift-detected a succeeded", "drift-corrected a succeeded"), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void driftIsRecordedOnceAndHealedOnlyWithSelfHealOrAManualSync(DriftCase c) {
        core.sync = new SyncProperties(true, true, c.selfHeal(), 10);
        track("a");

        c.runs().forEach(trigger -> run(trigger, C1, drift("a", 5)));

        assertThat(core.auditTrail()).containsExactlyElementsOf(c.trail());
        assertThat(core.backend.writes()).hasSize(c.writes());
        if (c.writes() == 0) {
            assertThat(core.status("a").message()).contains("/spec/replicas is 5, Git says 2", "self-heal is off");
        }
    }

    @Test
    void whatIsDoneIsMarkedDoneInTheJournal() {
        run(Trigger.POLL, C1, create("a", 1), create("b", 1));

        assertThat(DB.count("sync_step", "")).isEqualTo(2);
        assertThat(DB.count("sync_step", "done = FALSE")).isZero();
        assertThat(core.positions.load(Core.SOURCE).plannedRevision()).isEqualTo(C1);
    }
}
