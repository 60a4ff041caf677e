package io.sextant.engine.reconcile;

import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditQuery;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.StalePositionException;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Takes a plan's steps through the gates and onto the backends: auto-sync, prune and the
 * mass-deletion guard, the commit gates, drift handling (record once; heal only with self-heal or a
 * manual sync), and dependencies (a step whose dependency failed is not attempted).
 */
final class StepRunner {

    static final String SELF_HEAL_LABEL = "sextant.io/self-heal";

    /**
     * Steps recorded per transaction: bounds how long the audit chain's head stays locked. Each chunk's
     * events go in one JDBC batch, so a larger chunk saves little more (measured: 50, 200, 500 and 1,000
     * cost the same reconcile CPU within the noise at 10,000 steps).
     */
    static final int RECORD_CHUNK = 200;

    private final WatchedSource source;
    private final Trigger trigger;
    private final ReconcileServices services;
    private final StepRecorder recorder;
    private final ReconcileRun.StepTally tally;

    StepRunner(WatchedSource source, Trigger trigger, ReconcileServices services, StepRecorder recorder,
               ReconcileRun.StepTally tally) {
        this.source = source;
        this.trigger = trigger;
        this.services = services;
        this.recorder = recorder;
        this.tally = tally;
    }

    /**
     * Journals the plan, moving the source's position from {@code position} (compare-and-set), then runs
     * it; returns the position after the move.
     *
     * @throws StalePositionException when another run moved the position first: nothing was applied
     */
    SourcePosition run(List<PlanStep> steps, GateVerdict verdict, SourcePosition position) {
        boolean manual = trigger == Trigger.MANUAL;
        if (!source.sync().auto() && !manual && steps.stream().anyMatch(s -> !s.drift())) {
            steps.stream().filter(s -> !s.drift())
                    .forEach(s -> note(s, "auto-sync is off: POST /api/v1/sync to apply"));
            steps = steps.stream().filter(PlanStep::drift).toList();
        }
        String deletionBlock = deletionGate(steps);
        WindowGate.Run windows = services.windows().open(source.name(), services.clock().instant());
        SyncJournal.Begun begun = services.journal().begin(position, source.name(), recorder.commit(), trigger,
                verdict, steps);
        Set<ResourceKey> failed = new HashSet<>();
        for (Waves.Wave wave : Waves.of(steps)) {
            runWave(begun.planId(), wave.positions(), wave.steps(), verdict, deletionBlock, failed, manual, windows);
        }
        return begun.position();
    }

    /**
     * One wave: what each step comes to is decided in plan order on this thread, the backend calls of
     * the wave run concurrently, then each step is recorded in plan order. A crash between applying
     * and recording leaves the step open in the journal, to be re-observed on restart.
     */
    private void runWave(long planId, List<Integer> positions, List<PlanStep> wave, GateVerdict verdict, String deletionBlock,
                         Set<ResourceKey> failed, boolean manual, WindowGate.Run windows) {
        StepOutcome[] outcomes = new StepOutcome[wave.size()];
        boolean[] settled = new boolean[wave.size()];
        List<Integer> toApply = new ArrayList<>();
        SuspensionGate.Holds suspended = services.suspensions().current();
        for (int i = 0; i < wave.size(); i++) {
            PlanStep step = wave.get(i);
            LogContext.resource(step.key(), step.backend());
            String suspension = suspended.reason(step.key(), source.name());
            // First of all: a suspended resource is never changed, not even by starting a canary beside it.
            if (suspension != null) {
                hold(step, suspension);
                services.journal().done(planId, positions.get(i));
                settled[i] = true;
            } else if (step.action() != Action.DELETE && services.rollouts().decide(step, source.name(), recorder.commit(),
                    trigger.apiName()) instanceof RolloutGate.Hold hold) {
                note(step, hold.message());
                services.journal().done(planId, positions.get(i));
                settled[i] = true;
            } else if (step.action() == Action.DELETE && !source.sync().prune()) {
                note(step, TrackedResource.KEPT_PRUNE_OFF);
                services.journal().done(planId, positions.get(i));
                settled[i] = true;
            } else if (step.drift() && !recordDrift(step, manual)) {
                services.journal().done(planId, positions.get(i));
                settled[i] = true;
            } else {
                outcomes[i] = refusal(step, verdict, deletionBlock, failed, windows.hold(step, manual));
                if (outcomes[i] == null) {
                    toApply.add(i);
                }
            }
        }
        List<StepOutcome> applied = services.calls().map(toApply, i -> {
            PlanStep step = wave.get(i);
            LogContext.resource(step.key(), step.backend());
            return services.executor().execute(step, services.backends().find(step.backend()).orElseThrow());
        });
        for (int j = 0; j < toApply.size(); j++) {
            outcomes[toApply.get(j)] = applied.get(j);
        }
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < wave.size(); i++) {
            if (!settled[i]) {
                open.add(i);
            }
        }
        List<TrackedResource> statuses = new ArrayList<>();
        for (int from = 0; from < open.size(); from += RECORD_CHUNK) {
            record(planId, positions, wave, outcomes, open.subList(from, Math.min(open.size(), from + RECORD_CHUNK)),
                    failed, statuses);
        }
        services.tracker().putAll(statuses); // one transaction for the wave's statuses
    }

    /**
     * Records a chunk of a wave's steps: each step's audit event and "done" mark commit together, in one
     * transaction for the chunk (a transaction per step would cost a durable database write per step),
     * so after a crash a step is either recorded and done, or open and re-observed on restart. The
     * events are announced once they are durable. Adds the steps' new statuses to {@code statuses}.
     */
    private void record(long planId, List<Integer> positions, List<PlanStep> wave, StepOutcome[] outcomes, List<Integer> chunk,
                        Set<ResourceKey> failed, List<TrackedResource> statuses) {
        List<Integer> audited = new ArrayList<>(chunk.size());
        List<AuditEntry> entries = new ArrayList<>(chunk.size());
        List<Integer> done = new ArrayList<>(chunk.size());
        for (int i : chunk) {
            PlanStep step = wave.get(i);
            LogContext.resource(step.key(), step.backend());
            if (!(outcomes[i] instanceof StepOutcome.Applied)) {
                failed.add(step.key());
            }
            // Polls re-look at blocked and failing resources: the same block, or the same failure (commit,
            // action and error), is recorded once; a failure's further attempts count up on its status.
            if (!alreadyBlocked(step, outcomes[i]) && !recorder.sameFailure(step, outcomes[i])) {
                audited.add(i);
                entries.add(recorder.entry(step, actionOf(step, outcomes[i]), outcomes[i]));
            }
            done.add(positions.get(i));
        }
        List<AuditEvent> events = services.transactions().execute(tx -> {
            services.journal().doneAll(planId, done);
            for (int i : chunk) {
                TrackedResource status = recorder.statusAfter(wave.get(i), outcomes[i]);
                if (status != null) {
                    statuses.add(status);
                }
            }
            // Last, so the audit chain's head, which every replica's appends wait for, is locked only
            // for the events' rows and the commit.
            return services.audit().appendAll(entries);
        });
        for (int j = 0; j < audited.size(); j++) {
            int i = audited.get(j);
            LogContext.resource(wave.get(i).key(), wave.get(i).backend());
            recorder.announce(wave.get(i), events.get(j));
        }
        for (int i : chunk) {
            count(outcomes[i]);
        }
    }

    private static String actionOf(PlanStep step, StepOutcome outcome) {
        return outcome instanceof StepOutcome.Blocked ? "blocked"
                : step.drift() ? "drift-corrected"
                : outcome instanceof StepOutcome.Applied applied && !applied.adopted().isEmpty() ? "adopt"
                : step.action().apiName();
    }

    /**
     * Whether this exact block (same commit, resource and reason) is already in the audit log: polls
     * re-look at blocked resources, and a block is news once, not on every poll.
     */
    private boolean alreadyBlocked(PlanStep step, StepOutcome outcome) {
        if (!(outcome instanceof StepOutcome.Blocked blocked)) {
            return false;
        }
        List<AuditEvent> last = services.audit().find(new AuditQuery(recorder.commit().id(),
                step.key().kind().apiName(), step.key().namespace(), step.key().name(), "blocked", 1));
        return !last.isEmpty() && blocked.reason().equals(last.get(0).error());
    }

    /**
     * Why a step must not run (a gate, a sync window, the deletion guard, a failed dependency), or null when it
     * may. A step held by a window is Blocked with a reason naming the window and until when: recorded once
     * per change (the reason is the same on every poll until the window moves), as any block.
     */
    private StepOutcome refusal(PlanStep step, GateVerdict verdict, String deletionBlock, Set<ResourceKey> failed,
                                Optional<WindowGate.Held> held) {
        if (!verdict.allowed()) {
            return new StepOutcome.Blocked(verdict.reason());
        }
        if (held.isPresent()) {
            return new StepOutcome.Blocked(held.get().message());
        }
        if (step.action() == Action.DELETE && deletionBlock != null) {
            return new StepOutcome.Blocked(deletionBlock);
        }
        ResourceKey failedDependency = step.dependsOn().stream().filter(failed::contains).findFirst().orElse(null);
        if (failedDependency != null) {
            return new StepOutcome.Failed("not applied: depends on " + failedDependency + ", which failed", 0);
        }
        return null;
    }

    /**
     * Leaves a suspended resource as it is live: a drift is still reported (once, as always) but not healed, and
     * a change of Git waits, saying so on the status ({@code operation} stays as assessed, {@code None}: nothing
     * was attempted). The step is not audited: the {@code suspend} event already says why nothing happens.
     */
    private void hold(PlanStep step, String suspension) {
        if (step.drift()) {
            reportDrift(step);
            note(step, suspension + "; live state drifted from Git (" + describe(step) + "), not healed while suspended");
        } else {
            note(step, suspension + "; " + step.action().apiName() + " waits for resume");
        }
    }

    /** Records a live divergence once while it lasts. */
    private void reportDrift(PlanStep step) {
        String fingerprint = PlanStep.driftFingerprint(step.action(), step.diff());
        TrackedResource current = services.tracker().find(step.key()).orElse(null);
        if (current != null && !fingerprint.equals(current.driftReported())) {
            recorder.audit(step, "drift-detected", new StepOutcome.Applied(null, 0));
            services.tracker().put(current.withDriftReported(fingerprint));
        }
    }

    /**
     * Records a live divergence once while it lasts; returns whether to heal it now.
     */
    private boolean recordDrift(PlanStep step, boolean manual) {
        reportDrift(step);
        TrackedResource current = services.tracker().find(step.key()).orElse(null);
        if (manual || selfHeal(step)) {
            return true;
        }
        TrackedResource now = services.tracker().find(step.key()).orElse(current);
        if (now != null) {
            services.tracker().put(now.withMessage("live state drifted from Git (" + describe(step)
                    + "); self-heal is off: POST /api/v1/sync to restore it"));
        }
        return false;
    }

    private boolean selfHeal(PlanStep step) {
        String label = step.desired() == null ? null
                : step.desired().resource().metadata().labels().get(SELF_HEAL_LABEL);
        return label == null ? source.sync().selfHeal() : Boolean.parseBoolean(label);
    }

    private static String describe(PlanStep step) {
        if (step.action() == Action.CREATE) {
            return "deleted out of band";
        }
        return step.diff().stream().map(c -> c.path() + " is " + (c.from() == null ? "unset" : c.from())
                + ", Git says " + (c.value() == null ? "unset" : c.value())).reduce((a, b) -> a + "; " + b).orElse("");
    }

    /** The mass-deletion guard: a reason to block every deletion of this run, or null. */
    private String deletionGate(List<PlanStep> steps) {
        long deletions = steps.stream().filter(s -> s.action() == Action.DELETE).count();
        int max = source.sync().maxDeletions();
        if (deletions <= max || !source.sync().prune()) {
            return null;
        }
        return "mass-deletion guard: this commit would delete " + deletions + " resources, more than sync.max-deletions ("
                + max + "); raise sextant.sync.max-deletions for this source to allow it";
    }

    private void note(PlanStep step, String message) {
        services.tracker().find(step.key()).ifPresent(r -> services.tracker().put(r.withMessage(message)));
    }

    private void count(StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Applied) {
            tally.applied++;
        } else if (outcome instanceof StepOutcome.Failed) {
            tally.failed++;
        } else {
            tally.blocked++;
        }
    }
}
