package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.SourcePosition;
import io.sextant.engine.status.SourcePosition.GitFailure;
import io.sextant.engine.status.StalePositionException;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one source, the pipeline of DESIGN.md section 5: fetch, load, validate, observe,
 * diff, plan, gate, apply, record, report. Each stage is a method; a Git outage ends the run early
 * and keeps the last good state. A drift scan is the same run without asking Git.
 *
 * <p>A run starts from the source's stored position, the one record every replica shares: it loads the
 * newest commit known to the cluster before it observes, plans or heals, and it journals a plan only if
 * no other run moved that position meanwhile (compare-and-set in the plan's transaction). So a replica
 * whose last run was commits ago can never take live state back to what it last saw.
 */
final class ReconcileRun {

    private static final Logger log = LoggerFactory.getLogger(ReconcileRun.class);

    private final WatchedSource source;
    private final SourceState state;
    private final Trigger trigger;
    private final Set<String> driftBackends;
    private final Set<ResourceKey> driftKeys;
    private final ReconcileServices services;
    private final Instant started = Instant.now();
    /** The run's time on the services' clock: what backoffs are measured against. */
    private final Instant now;
    private SourcePosition position;
    private Instant checkedAt;

    /**
     * @param driftBackends backends whose resources this run re-observes whatever Git did (drift scan)
     */
    ReconcileRun(WatchedSource source, SourceState state, Trigger trigger, Set<String> driftBackends,
                 ReconcileServices services) {
        this(source, state, trigger, driftBackends, Set.of(), services);
    }

    /** @param driftKeys resources a backend saw change behind Sextant's back, re-observed now ({@link Applier#watch}) */
    ReconcileRun(WatchedSource source, SourceState state, Trigger trigger, Set<String> driftBackends,
                 Set<ResourceKey> driftKeys, ReconcileServices services) {
        this.driftKeys = driftKeys;
        this.source = source;
        this.state = state;
        this.trigger = trigger;
        this.driftBackends = driftBackends;
        this.services = services;
        this.now = services.clock().instant();
    }

    /** The specs a run works on and the branch head it knows of. */
    private record Loaded(DesiredState desired, CommitInfo fetched) {}

    void run() {
        int recovered = services.recovery().recover(source.name());
        if (recovered > 0) {
            log.info("source={} recovered {} steps applied by an interrupted run", source.name(), recovered);
        }
        SourceSnapshot before = state.snapshot();
        checkedAt = before.lastCheckedAt();
        position = services.positions().load(source.name());
        Loaded loaded;
        try {
            loaded = trigger == Trigger.DRIFT ? loadNewestKnown(before) : fetchAndLoad(before);
        } catch (GitException e) {
            gitFailed(before, e);
            return;
        }
        if (loaded == null) {
            finish(null, "skipped", new StepTally(), List.of());
            return; // nothing moved and nothing needs attention: the poll cost one ls-remote
        }
        DesiredState desired = loaded.desired();
        LogContext.commit(desired.commit().id());
        List<SpecError> errors = validate(before, desired);
        Function<ResourceKey, TrackedResource> tracked = key -> services.tracker().find(key)
                .filter(r -> r.source().equals(source.name())).orElse(null);
        // Every resource of the source now works toward this commit; the assessed ones say so as they are stored.
        services.tracker().moveDesiredRevision(source.name(), desired.commit().id());
        Assessment assessment = services.assessor().assess(source.name(), desired, errors, lookAt(desired), tracked,
                now);
        List<TrackedResource> assessed = new ArrayList<>();
        assessment.statuses().forEach((key, status) -> {
            if (status == null) {
                services.tracker().remove(key);
            } else {
                assessed.add(status);
            }
        });
        services.tracker().putAll(assessed); // one transaction, however many resources the run looked at
        PolicyBlocks.record(services, source.name(), desired.commit(), trigger, assessment.statuses(), errors,
                key -> services.assessor().backendOf(desired, key));
        StepTally tally = new StepTally();
        if (!assessment.steps().isEmpty()) {
            GateVerdict verdict = gate(desired.commit(), assessment.steps());
            try {
                position = new StepRunner(source, trigger, services, new StepRecorder(services, source.name(),
                        desired.commit(), trigger, verdict), tally).run(assessment.steps(), verdict, position);
            } catch (StalePositionException e) {
                log.warn("source={} {}: nothing applied, the next run starts from the newer position", source.name(),
                        e.getMessage());
                finish(desired.commit(), "stale", tally, errors);
                return;
            }
            LogContext.resource(null, null);
        }
        // A drift scan does not ask Git, so a Git failure stays until a run that does finds Git answering.
        GitFailure stillFailing = trigger == Trigger.DRIFT ? position.gitFailure() : null;
        String notApplied = NotApplied.reason(errors, services.tracker().ofSource(source.name()));
        CommitInfo applied = notApplied == null ? desired.commit() : lastApplied(before);
        String fetched = trigger == Trigger.DRIFT ? position.lastFetchedRevision() : loaded.fetched().id();
        // Stored before it is published here: the API shows the stored outcome, the one every replica reads.
        savePosition(new SourcePosition(fetched, applied == null ? null : applied.id(), position.plannedRevision(),
                position.version(), stillFailing, new SourcePosition.Outcome(desired.commit().id(), notApplied, errors)));
        state.publish(before.synced(desired, loaded.fetched(), errors, checkedAt, Instant.now(), stillFailing,
                notApplied, applied));
        finish(desired.commit(), tally.result(errors), tally, errors);
    }

    /**
     * A drift scan's specs: the newest commit known to the cluster. A replica whose copy is older (another
     * replica ran the source's last runs) loads forward first: live state that is newer than its copy is
     * not drift.
     */
    private Loaded loadNewestKnown(SourceSnapshot before) throws GitException {
        DesiredState previous = before.desired();
        String newest = position.newest();
        if (newest == null || previous != null && previous.commit().id().equals(newest)) {
            return previous == null ? null : new Loaded(previous, before.lastFetched());
        }
        CommitInfo commit = resolveOrFetch(newest);
        log.info("source={} holds commit {}, the cluster is at {}: loading it before the drift scan", source.name(),
                previous == null ? "none" : previous.commit().id().substring(0, 7), newest.substring(0, 7));
        return new Loaded(load(previous, commit), commit);
    }

    /** A commit this replica may not have fetched yet; if the branch no longer holds it, the branch head. */
    private CommitInfo resolveOrFetch(String commitId) throws GitException {
        try {
            return source.git().resolve(commitId);
        } catch (GitException notHere) {
            CommitInfo head = source.git().fetch();
            try {
                return source.git().resolve(commitId);
            } catch (GitException gone) {
                return head; // force-pushed away: the head is newer than it
            }
        }
    }

    /** The specs to reconcile, or null when a poll finds nothing to do. */
    private Loaded fetchAndLoad(SourceSnapshot before) throws GitException {
        GitFailure failing = position.gitFailure();
        if (trigger == Trigger.POLL && failing != null && failing.nextAttemptAt() != null
                && now.isBefore(failing.nextAttemptAt())) {
            return null; // Git failed a moment ago: polls wait out the backoff, webhooks and manual syncs try now
        }
        String remoteHead = source.git().lsRemote();
        checkedAt = Instant.now();
        CommitInfo last = before.lastFetched();
        boolean moved = last == null || !last.id().equals(remoteHead);
        DesiredState previous = before.desired();
        if (!moved && previous != null && trigger == Trigger.POLL && driftBackends.isEmpty() && driftKeys.isEmpty()
                && !needsAttention(previous.commit().id())) {
            SourceSnapshot checked = before.checked(checkedAt);
            if (failing != null) {
                savePosition(position.withGitFailure(null));
                log.info("source={} Git answers again (it failed {} times since {})", source.name(),
                        failing.attempts(), failing.since());
            }
            state.publish(checked);
            return null;
        }
        CommitInfo commit = moved || previous == null ? source.git().fetch() : last;
        return new Loaded(load(previous, commit), commit);
    }

    private DesiredState load(DesiredState previous, CommitInfo commit) throws GitException {
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

    /**
     * The newest commit fully applied before this run: this process's, else the cluster's stored one (after a
     * restart, or when another replica ran the source), or null when none is known or Git cannot find it.
     */
    private CommitInfo lastApplied(SourceSnapshot before) {
        if (before.lastSynced() != null && before.lastSynced().id().equals(position.lastSyncedRevision())) {
            return before.lastSynced();
        }
        if (position.lastSyncedRevision() == null) {
            return before.lastSynced();
        }
        try {
            return source.git().resolve(position.lastSyncedRevision());
        } catch (GitException e) {
            return before.lastSynced();
        }
    }

    /** Records a Git failure on the source, with since when and when polls try again; keeps the last good state. */
    private void gitFailed(SourceSnapshot before, GitException e) {
        GitFailure previous = position.gitFailure();
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        GitFailure failure = new GitFailure(e.getMessage(), previous == null ? now : previous.since(), attempts,
                now.plus(services.backoff().delayAfter(attempts, services.random())));
        savePosition(position.withGitFailure(failure));
        state.publish(before.gitFailed(failure, Instant.now()));
        log.warn("source={} {} (attempt {} since {}; polls try again at {}; keeping the last good state)",
                source.name(), e.getMessage(), attempts, failure.since(), failure.nextAttemptAt());
        finish(null, "failed", new StepTally(), List.of());
    }

    /** Stores the source's new position unless another run moved it first (then its record is newer). */
    private void savePosition(SourcePosition next) {
        SourcePosition saved = services.positions().save(source.name(), position, next);
        if (saved == null) {
            log.info("source={} another run moved the source's position meanwhile; keeping its record", source.name());
        } else {
            position = saved;
        }
    }

    /** Whether a resource of the source needs another look now (one backing off after a failure does not). */
    private boolean needsAttention(String commit) {
        for (ResourceKey key : services.tracker().attention(source.name())) {
            TrackedResource resource = services.tracker().find(key).orElse(null);
            if (resource != null && (resource.failure() == null || !resource.failure().backingOff(commit, now))) {
                return true;
            }
        }
        return false;
    }

    private List<SpecError> validate(SourceSnapshot before, DesiredState desired) {
        if (desired == before.desired()) {
            return before.errors(); // a drift scan of the specs the last run validated: same specs, same errors
        }
        return desired.errors(state.validate(desired, services.validator()));
    }

    /**
     * What to observe: everything on the first run and on a manual sync; otherwise what the commit
     * changed (what left Git included), what still needs attention, and everything on the backends a
     * drift scan asked for. A resource that left Git and stays live (pruning off, a blocked or failed
     * deletion) is out of sync or failed, so it still needs attention: it is looked at on every run.
     * A resource backing off after a failure waits for its next attempt, a new commit or a manual sync.
     */
    private Set<ResourceKey> lookAt(DesiredState desired) {
        Set<ResourceKey> keys = new HashSet<>();
        if (desired.full() || trigger == Trigger.MANUAL) {
            keys.addAll(desired.byKey().keySet());
            services.tracker().ofSource(source.name()).forEach(r -> keys.add(r.key()));
        } else {
            keys.addAll(desired.changedKeys());
            keys.addAll(services.tracker().attention(source.name()));
            for (ResourceKey key : driftKeys) {
                services.tracker().find(key).filter(r -> source.name().equals(r.source())).ifPresent(r -> keys.add(key));
            }
            if (!driftBackends.isEmpty()) {
                services.tracker().ofSource(source.name()).stream()
                        // an invalid resource was never placed on a backend (Set.of refuses to look up null)
                        .filter(r -> r.backend() != null && driftBackends.contains(r.backend()))
                        .forEach(r -> keys.add(r.key()));
            }
        }
        if (trigger != Trigger.MANUAL) {
            String commit = desired.commit().id();
            keys.removeIf(key -> services.tracker().find(key)
                    .map(r -> r.failure() != null && r.failure().backingOff(commit, now)).orElse(false));
        }
        return keys;
    }

    /**
     * The first gate that blocks wins; otherwise the last verdict's pull request and approvers are kept,
     * with the signer a gate verified.
     */
    private GateVerdict gate(CommitInfo commit, List<PlanStep> steps) {
        GateVerdict verdict = GateVerdict.allow();
        if (steps.stream().allMatch(PlanStep::drift)) {
            // Healing drift re-applies a manifest recorded as applied (its digest is on the resource's
            // stored status), which the gates already let through.
            return verdict;
        }
        AuditEvent.Signer signer = null;
        for (CommitGate gate : services.gates()) {
            GateVerdict next = gate.evaluate(source, commit);
            if (!next.allowed()) {
                return next;
            }
            signer = signer != null ? signer : next.signedBy();
            if (next.pullRequest() != null || !next.approvedBy().isEmpty()) {
                verdict = next;
            }
        }
        return verdict.withSigner(signer);
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
