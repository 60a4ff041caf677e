package io.sextant.engine.rollout;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.Target;
import io.sextant.analysis.Verdict;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.reconcile.Action;
import io.sextant.engine.reconcile.PlanStep;
import io.sextant.engine.reconcile.RolloutGate;
import io.sextant.engine.reconcile.SuspensionGate;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Health;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Rollout;
import io.sextant.spec.api.Kinds;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.rollout.plan.CapacityFit;
import io.sextant.engine.rollback.Evidence;
import io.sextant.engine.rollback.Rollbacks;
import java.time.Clock;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progressive delivery of changes whose kind asks for it ({@link KindDefinition#rollout}), with Argo Rollouts'
 * canary step semantics: an update of a live resource starts a canary beside the stable version instead of
 * applying; {@link #advance()} moves each running rollout through its steps (weight, pause, analysis) on the
 * engine's clock, journaling every step, and promotes after the last one or aborts on a failed analysis.
 * An aborted commit is held, not applied, until a newer commit arrives. A rollout of a suspended resource (or
 * of a resource of a suspended source) stands still: it neither moves weight, nor promotes, nor aborts, while
 * its analysis keeps measuring; it goes on from where it stood at the first tick after resume.
 */
public final class RolloutController implements RolloutGate {

    /**
     * The resource whose canary {@code key} names, when it names one: a canary runs beside its stable version
     * under a name of its own and has no status of its own, so an orphan scan must not take it for an orphan.
     */
    public static Optional<ResourceKey> stableOf(ResourceKey key) {
        String name = key.name();
        return name.endsWith(RolloutActions.CANARY_SUFFIX) && name.length() > RolloutActions.CANARY_SUFFIX.length()
                ? Optional.of(new ResourceKey(key.kind(), key.namespace(),
                        name.substring(0, name.length() - RolloutActions.CANARY_SUFFIX.length())))
                : Optional.empty();
    }

    private static final Logger log = LoggerFactory.getLogger(RolloutController.class);

    private final Kinds kinds;
    private final ResourceTracker tracker;
    private final RolloutStore store;
    private final RolloutActions actions;
    private final AnalysisService analyses;
    private final Clock clock;
    private final Map<ResourceKey, Change> changes = new ConcurrentHashMap<>();
    private final Exclusive exclusive;
    private final SuspensionGate suspensions;
    private final CapacityCheck capacity;
    private final Rollbacks rollbacks;
    private final RolloutMetrics metrics;

    /** Runs a rollout's step under a lock no other replica holds at the same time; false when another does. */
    @FunctionalInterface
    interface Exclusive {
        boolean run(String name, Runnable work);

        /** One engine process: the single timer thread is the only one moving rollouts. */
        Exclusive IN_PROCESS = (name, work) -> {
            work.run();
            return true;
        };
    }

    RolloutController(Kinds kinds, ResourceTracker tracker, RolloutStore store, RolloutActions actions,
                      AnalysisService analyses, Clock clock, Exclusive exclusive, CapacityCheck capacity,
                      SuspensionGate suspensions, Rollbacks rollbacks, RolloutMetrics metrics) {
        this.exclusive = exclusive;
        this.capacity = capacity;
        this.suspensions = suspensions;
        this.metrics = metrics;
        this.rollbacks = rollbacks;
        this.kinds = kinds;
        this.tracker = tracker;
        this.store = store;
        this.actions = actions;
        this.analyses = analyses;
        this.clock = clock;
    }

    @Override
    public Decision decide(PlanStep step, String source, CommitInfo commit, String trigger) {
        if (step.desired() == null || !kinds.knows(step.key().kind())) {
            return APPLY;
        }
        Optional<String> shifted = routeHold(step);
        if (shifted.isPresent()) {
            return new Hold(shifted.get());
        }
        KindDefinition definition = kinds.definition(step.key().kind());
        Optional<Rollout> rollout = definition.rollout(step.desired().resource());
        if (rollout.isEmpty()) {
            return APPLY;
        }
        Change change = new Change(step.desired(), rollout.get(), definition, source, step.backend(), commit, trigger);
        RolloutState state = store.find(step.key()).orElse(null);
        if (state != null && state.canaryRevision().equals(step.desired().revision())) {
            changes.put(step.key(), change);
            return switch (state.phase()) {
                case RUNNING -> new Hold(progress(state, change.rollout()));
                case PAUSED -> new Hold("rollout of " + state.shortCanary() + " paused: " + state.message());
                case ABORTED -> new Hold(state.message() + "; push a newer commit to roll out again");
                case PROMOTED -> APPLY; // a drift after promotion heals as any other
            };
        }
        // Argo Rollouts' rule: the first version of a resource is not a canary, there is nothing to compare with.
        TrackedResource live = tracker.find(step.key()).orElse(null);
        if (step.action() != Action.UPDATE || step.drift() || live == null || live.appliedRevision() == null) {
            return APPLY;
        }
        if (state != null && state.phase() == RolloutState.Phase.RUNNING && state.analysisId() != null) {
            analyses.cancel(state.analysisId()); // a newer commit supersedes the running canary
        }
        CapacityFit.Fit fit = capacity.check(step.backend(), change.desired().manifest(),
                definition.gpusPlaced(change.desired().manifest()), change.rollout().blueGreen() == null);
        if (fit instanceof CapacityFit.Refused refused) {
            // The stable version serves on; the change waits for GPUs, tried again at each poll.
            tracker.put(live.withOperation(OperationStatus.BLOCKED));
            return new Hold("canary of " + commit.id().substring(0, 7) + " refused: " + refused.message());
        }
        try {
            if (state != null && state.weight() > 0 && state.phase() != RolloutState.Phase.PROMOTED) {
                actions.routes().restore(state); // the superseded canary's traffic back on stable
            }
            actions.startCanary(change, fit instanceof CapacityFit.Surge surge ? surge.replicas() : null);
        } catch (BackendException e) {
            return new Hold("canary of " + commit.id().substring(0, 7) + " could not start: " + e.getMessage());
        }
        if (live.operation() == OperationStatus.BLOCKED) {
            tracker.put(live.withOperation(OperationStatus.SUCCEEDED)); // the GPUs it waited for were found
        }
        RolloutState started = RolloutState.started(step.key(), source, step.backend(), live.appliedRevision(),
                step.desired().revision(), clock.instant());
        store.save(started);
        changes.put(step.key(), change);
        log.info("rollout of {} to {} started beside stable {}", step.key(), started.shortCanary(),
                live.appliedRevision().substring(0, 7));
        return new Hold(progress(started, change.rollout()));
    }

    /** Moves every running rollout as far as its steps allow now; the timer calls it, tests call it by hand. */
    public void advance() {
        try {
            advanceAll();
        } finally {
            metrics.refresh(store.all());
            // Any replica's tick: the revert of an abort that failed, or whose replica died before it finished.
            rollbacks.pushDue();
        }
    }

    private void advanceAll() {
        SuspensionGate.Holds suspended = null;
        for (RolloutState state : store.running()) {
            Change change = changes.get(state.key());
            if (change == null || !change.desired().revision().equals(state.canaryRevision())) {
                continue; // restarted: waits for the first reconcile to bring its desired state back
            }
            // Read from the shared store at each tick (once, and only when a rollout runs): a suspend made through
            // another replica holds here from the next tick.
            suspended = suspended != null ? suspended : suspensions.current();
            if (suspended.reason(state.key(), state.source()) != null) {
                continue; // a suspended resource is never changed, not even by its own rollout
            }
            exclusive.run(state.key().toString(), () -> {
                // Read again under the lock: another replica may have moved it since the list was read.
                RolloutState current = store.find(state.key()).orElse(null);
                if (current == null || current.phase() != RolloutState.Phase.RUNNING
                        || !current.canaryRevision().equals(state.canaryRevision())) {
                    return;
                }
                try {
                    advance(current, change);
                } catch (RuntimeException | BackendException e) {
                    log.warn("rollout of {} could not move on: {}", state.key(), e.toString());
                }
            });
        }
    }

    private void advance(RolloutState state, Change change) throws BackendException {
        Instant now = clock.instant();
        List<Rollout.Step> steps = change.rollout().plan();
        while (state.step() < steps.size()) {
            Rollout.Step step = steps.get(state.step());
            if (step instanceof Rollout.Weight weight) {
                if (actions.canaryHealth(state) != Health.HEALTHY) {
                    if (deadlinePassed(state, change, now)) {
                        abort(state, change, "rollout of " + state.shortCanary() + " aborted: the canary was not"
                                + " Healthy within progressDeadline " + change.rollout().progressDeadline(), null,
                                List.of());
                    }
                    return; // traffic moves only to a Healthy canary
                }
                // Journal the weight before the route takes it, and shift at every run of the step: a replica
                // killed between the two leaves a journal that the next tick (of any replica) and the drift scan
                // bring the route to. The other order left a route shifted that the journal did not know of, so
                // self-heal put all traffic back on stable before the next replica shifted it again.
                if (weight.percent() != state.weight()) {
                    state = state.withWeight(weight.percent());
                    store.save(state);
                }
                actions.routes().shift(state, weight.percent());
                state = state.next(now);
            } else if (step instanceof Rollout.Pause pause && pause.untilPromoted()) {
                store.save(state.next(now).ended(RolloutState.Phase.PAUSED, state.weight(),
                        BlueGreen.ready(state))); // resumed by a person: the rollout waits on the next step
                return;
            } else if (step instanceof Rollout.Pause pause) {
                if (now.isBefore(state.stepStartedAt().plus(pause.duration()))) {
                    return;
                }
                state = state.next(now);
            } else if (step instanceof Rollout.Analysis analysis) {
                Optional<AnalysisRun> run = state.analysisId() == null ? Optional.empty()
                        : analyses.run(state.analysisId());
                Optional<AnalysisService.StoredRun> elsewhere = run.isPresent() ? Optional.empty()
                        : measuredElsewhere(state, analysis, now);
                if (elsewhere.isPresent()) {
                    // Another replica started it and measures it (runs live in the memory of the one that started
                    // them): its stored verdict decides. Starting a run of our own here made two replicas taking
                    // turns at the lock restart the analysis at every tick, so a failing canary was never aborted.
                    AnalysisService.StoredRun stored = elsewhere.get();
                    switch (stored.phase()) {
                        case "RUNNING" -> {
                            return;
                        }
                        case "SUCCESSFUL" -> state = state.next(now);
                        case "FAILED" -> {
                            List<Measurement> failed = stored.measurements().stream()
                                    .filter(m -> m.verdict() == Verdict.FAILED).toList();
                            abort(state, change, "rollout of " + state.shortCanary() + " aborted: analysis "
                                    + stored.id() + " failed: "
                                    + FailedMeasurements.describe(stored.measurements(), stored.message()), null, failed);
                            return;
                        }
                        default -> {
                            store.save(state.ended(RolloutState.Phase.PAUSED, state.weight(), stored.message()));
                            return;
                        }
                    }
                } else if (run.isEmpty()) {
                    String id = analyses.start(AnalysisSteps.metrics(analysis),
                            new Target(state.key().namespace(), state.key().name(), state.backend(),
                                    state.canaryRevision(), state.stableRevision()));
                    store.save(state.withAnalysis(id));
                    return;
                }
                if (run.isPresent()) switch (run.get().phase()) {
                    case RUNNING -> {
                        return;
                    }
                    case SUCCESSFUL -> state = state.next(now);
                    case FAILED -> {
                        abort(state, change, "rollout of " + state.shortCanary() + " aborted: analysis "
                                + run.get().id() + " failed: " + FailedMeasurements.describe(run.get()), null,
                                run.get().measurements().stream().filter(m -> m.verdict() == Verdict.FAILED).toList());
                        return;
                    }
                    case INCONCLUSIVE -> {
                        store.save(state.ended(RolloutState.Phase.PAUSED, state.weight(), run.get().message()));
                        return;
                    }
                }
            }
            store.save(state);
        }
        actions.promote(state, change);
        store.save(state.ended(RolloutState.Phase.PROMOTED, 100, "promoted"));
        metrics.ended("promoted");
    }

    /**
     * The stored run of the step's analysis when this process does not hold it: another replica's, running and
     * measured lately (within three intervals and 30 s) or finished. A run nobody measures any more (its replica was
     * killed, or this process restarted) is empty: the caller starts the analysis again.
     */
    private Optional<AnalysisService.StoredRun> measuredElsewhere(RolloutState state, Rollout.Analysis analysis,
                                                                 Instant now) {
        if (state.analysisId() == null) {
            return Optional.empty();
        }
        // Three intervals, and never under half a minute: a busy replica's measurement of a 1 s interval can lag
        // by seconds, and restarting a run that is only late measures the canary twice.
        Duration stale = analysis.interval().multipliedBy(3).plusSeconds(30);
        // One engine process has no other replica: a stored run it does not hold was started before it restarted
        // and nobody measures it any more, so it is started again at once.
        boolean otherReplicas = exclusive != Exclusive.IN_PROCESS;
        return analyses.stored(state.key().namespace(), state.key().name(), state.canaryRevision()).stream()
                .filter(r -> r.id().equals(state.analysisId()))
                .filter(r -> !"RUNNING".equals(r.phase())
                        || otherReplicas && !lastActivity(r).plus(stale).isBefore(now))
                .findFirst();
    }

    private static Instant lastActivity(AnalysisService.StoredRun run) {
        return run.measurements().stream().map(Measurement::time).max(Instant::compareTo).orElse(run.startedAt());
    }

    /** A route held shifted by a rollout; a backend that cannot be asked leaves it to the next scan. */
    private Optional<String> routeHold(PlanStep step) {
        try {
            return actions.routes().hold(step.desired(), step.backend(), store::shifting);
        } catch (BackendException e) {
            return Optional.of("shifted by a rollout; its live weights could not be checked: " + e.getMessage());
        }
    }

    /**
     * Traffic back on stable, the canary removed, the commit held; then, when the source asks for it
     * ({@code rollback.on-abort}), the revert through Git with the failed measurements as its evidence.
     */
    void abort(RolloutState state, Change change, String why, AuditEvent.Actor actor, List<Measurement> failed) {
        if (state.analysisId() != null) {
            analyses.cancel(state.analysisId());
        }
        actions.abort(state, change, why, actor);
        // The breach is timed from when it was measured, so the time to notice it (tick alignment) counts too.
        failed.stream().map(Measurement::time).min(java.util.Comparator.naturalOrder())
                .map(t -> java.time.Duration.between(t, clock.instant())).filter(d -> !d.isNegative())
                .ifPresent(metrics::breachToStable);
        store.save(state.ended(RolloutState.Phase.ABORTED, 0, why));
        metrics.ended("aborted");
        metrics.refresh(store.all());
        // Recorded in the database before it is tried: whatever happens to this replica, the next tick of any
        // replica finds it there, and its claim makes exactly one of them push it.
        rollbacks.onAbort(state.key(), state.source(), state.canaryRevision(), state.stableRevision(), actor,
                new Evidence(why, failed));
    }

    /** The change a rollout carries, once a reconcile since start-up brought it. */
    Optional<Change> change(ResourceKey key) {
        return Optional.ofNullable(changes.get(key));
    }

    AnalysisService analyses() {
        return analyses;
    }

    RolloutMetrics metrics() {
        return metrics;
    }

    RolloutStore store() {
        return store;
    }

    RolloutActions actions() {
        return actions;
    }

    Exclusive exclusive() {
        return exclusive;
    }

    private static boolean deadlinePassed(RolloutState state, Change change, Instant now) {
        return change.rollout().progressDeadline() != null
                && now.isAfter(state.startedAt().plus(change.rollout().progressDeadline()));
    }

    private static String progress(RolloutState state, Rollout rollout) {
        if (rollout.blueGreen() != null) {
            return BlueGreen.progress(state, rollout);
        }
        return "canary rollout of " + state.shortCanary() + ": step " + Math.min(state.step() + 1, rollout.steps().size())
                + "/" + rollout.steps().size() + ", canary weight " + state.weight() + "%";
    }
}
