package io.sextant.engine.reconcile;

import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.metrics.LogContext;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.StatusRepository.SourcePosition;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one source, the pipeline of DESIGN.md section 5: fetch, load, validate, observe,
 * diff, plan, gate, apply, record, report. Each stage is a method; a Git outage ends the run early
 * and keeps the last good state. A drift scan is the same run without the Git stages.
 */
final class ReconcileRun {

    private static final Logger log = LoggerFactory.getLogger(ReconcileRun.class);

    private final WatchedSource source;
    private final SourceState state;
    private final Trigger trigger;
    private final Set<String> driftBackends;
    private final ReconcileServices services;
    private final Instant started = Instant.now();

    /**
     * @param driftBackends backends whose resources this run re-observes whatever Git did (drift scan)
     */
    ReconcileRun(WatchedSource source, SourceState state, Trigger trigger, Set<String> driftBackends,
                 ReconcileServices services) {
        this.source = source;
        this.state = state;
        this.trigger = trigger;
        this.driftBackends = driftBackends;
        this.services = services;
    }

    void run() {
        int recovered = services.recovery().recover(source.name());
        if (recovered > 0) {
            log.info("source={} recovered {} steps applied by an interrupted run", source.name(), recovered);
        }
        DesiredState desired;
        try {
            desired = trigger == Trigger.DRIFT ? state.desired() : fetchAndLoad();
        } catch (GitException e) {
            state.gitFailed(e.getMessage(), Instant.now());
            log.warn("source={} {} (keeping the last good state)", source.name(), e.getMessage());
            finish(null, "failed", new StepTally(), List.of());
            return;
        }
        if (desired == null) {
            finish(null, "skipped", new StepTally(), List.of());
            return; // nothing moved and nothing needs attention: the poll cost one ls-remote
        }
        LogContext.commit(desired.commit().id());
        List<SpecError> errors = validate(desired);
        Function<ResourceKey, TrackedResource> tracked = key -> services.tracker().find(key)
                .filter(r -> r.source().equals(source.name())).orElse(null);
        // Every resource of the source now works toward this commit; the assessed ones say so as they are stored.
        services.tracker().moveDesiredRevision(source.name(), desired.commit().id());
        Assessment assessment = services.assessor().assess(source.name(), desired, errors, lookAt(desired), tracked);
        List<TrackedResource> assessed = new ArrayList<>();
        assessment.statuses().forEach((key, status) -> {
            if (status == null) {
                services.tracker().remove(key);
            } else {
                assessed.add(status);
            }
        });
        services.tracker().putAll(assessed); // one transaction, however many resources the run looked at
        StepTally tally = new StepTally();
        if (!assessment.steps().isEmpty()) {
            GateVerdict verdict = gate(desired.commit(), assessment.steps());
            new StepRunner(source, trigger, services, new StepRecorder(services, source.name(), desired.commit(),
                    trigger, verdict), tally).run(assessment.steps(), verdict);
            LogContext.resource(null, null);
        }
        state.synced(desired, errors, Instant.now());
        services.positions().saveSource(source.name(),
                new SourcePosition(state.lastFetched() == null ? null : state.lastFetched().id(), desired.commit().id()));
        finish(desired.commit(), tally.result(errors), tally, errors);
    }

    /** The specs to reconcile, or null when a poll finds nothing to do. */
    private DesiredState fetchAndLoad() throws GitException {
        String remoteHead = source.git().lsRemote();
        state.checked(Instant.now());
        CommitInfo last = state.lastFetched();
        boolean moved = last == null || !last.id().equals(remoteHead);
        DesiredState previous = state.desired();
        if (!moved && previous != null && trigger == Trigger.POLL && driftBackends.isEmpty() && !needsAttention()) {
            return null;
        }
        CommitInfo commit = moved || previous == null ? source.git().fetch() : last;
        state.fetched(commit);
        if (previous == null) {
            return services.loader().loadFull(source.git(), commit);
        }
        try {
            return services.loader().loadIncremental(source.git(), previous, commit);
        } catch (GitException e) {
            // The previous commit may be gone (force push, then garbage collection): start over.
            log.warn("source={} cannot diff {}..{} ({}); loading every file", source.name(),
                    previous.commit().id().substring(0, 7), commit.id().substring(0, 7), e.getMessage());
            return services.loader().loadFull(source.git(), commit);
        }
    }

    private boolean needsAttention() {
        return services.tracker().needsAttention(source.name());
    }

    private List<SpecError> validate(DesiredState desired) {
        if (desired == state.desired()) {
            return state.errors(); // a drift scan of the specs the last run validated: same specs, same errors
        }
        return desired.errors(state.validate(desired, services.validator()));
    }

    /**
     * What to observe: everything on the first run and on a manual sync; otherwise what the commit
     * changed (what left Git included), what still needs attention, and everything on the backends a
     * drift scan asked for. A resource that left Git and stays live (pruning off, a blocked or failed
     * deletion) is out of sync or failed, so it still needs attention: it is looked at on every run.
     */
    private Set<ResourceKey> lookAt(DesiredState desired) {
        Set<ResourceKey> keys = new HashSet<>();
        if (desired.full() || trigger == Trigger.MANUAL) {
            keys.addAll(desired.byKey().keySet());
            services.tracker().ofSource(source.name()).forEach(r -> keys.add(r.key()));
            return keys;
        }
        keys.addAll(desired.changedKeys());
        keys.addAll(services.tracker().attention(source.name()));
        if (!driftBackends.isEmpty()) {
            services.tracker().ofSource(source.name()).stream()
                    .filter(r -> driftBackends.contains(r.backend()))
                    .forEach(r -> keys.add(r.key()));
        }
        return keys;
    }

    /** The first gate that blocks wins; otherwise the last verdict's pull request and approvers are kept. */
    private GateVerdict gate(CommitInfo commit, List<PlanStep> steps) {
        GateVerdict verdict = GateVerdict.allow();
        if (steps.stream().allMatch(PlanStep::drift)) {
            return verdict; // healing drift re-applies what the gates already let through
        }
        for (CommitGate gate : services.gates()) {
            GateVerdict next = gate.evaluate(source, commit);
            if (!next.allowed()) {
                return next;
            }
            if (next.pullRequest() != null || !next.approvedBy().isEmpty()) {
                verdict = next;
            }
        }
        return verdict;
    }

    private void finish(CommitInfo commit, String result, StepTally tally, List<SpecError> errors) {
        services.events().publishEvent(new ReconcileFinished(source.name(), trigger.apiName(), commit, result,
                tally.applied, tally.failed, tally.blocked, errors, Duration.between(started, Instant.now())));
    }

    /** Counts of what the steps of a run came to. */
    static final class StepTally {
        int applied;
        int failed;
        int blocked;

        String result(List<SpecError> errors) {
            if (failed > 0) {
                return "failed";
            }
            if (blocked > 0) {
                return "blocked";
            }
            return errors.isEmpty() ? "synced" : "invalid";
        }
    }
}
