package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Health;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.StatusRepository.SourcePosition;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile of one source, the pipeline of DESIGN.md section 5: fetch, load, validate, observe,
 * diff, plan, gate, apply, record, report. Each stage is a method; a Git outage ends the run early
 * and keeps the last good state.
 */
final class ReconcileRun {

    private static final Logger log = LoggerFactory.getLogger(ReconcileRun.class);

    private final WatchedSource source;
    private final SourceState state;
    private final Trigger trigger;
    private final ReconcileServices services;

    ReconcileRun(WatchedSource source, SourceState state, Trigger trigger, ReconcileServices services) {
        this.source = source;
        this.state = state;
        this.trigger = trigger;
        this.services = services;
    }

    void run() {
        CommitInfo commit;
        DesiredState desired;
        try {
            commit = fetch();
            if (commit == null) {
                return; // nothing moved and nothing needs attention: the poll cost one ls-remote
            }
            desired = load(commit);
        } catch (GitException e) {
            state.gitFailed(e.getMessage(), Instant.now());
            log.warn("source {}: {} (keeping the last good state)", source.name(), e.getMessage());
            return;
        }
        List<SpecError> errors = validate(desired);
        Map<ResourceKey, TrackedResource> tracked = new HashMap<>();
        services.tracker().ofSource(source.name()).forEach(r -> tracked.put(r.key(), r));
        Assessment assessment = services.assessor().assess(source.name(), desired, errors,
                lookAt(desired, tracked), tracked);
        report(assessment.statuses());
        execute(assessment, desired.commit());
        refreshDesiredRevision(desired);
        state.synced(desired, errors, Instant.now());
        services.positions().saveSource(source.name(),
                new SourcePosition(state.lastFetched().id(), desired.commit().id()));
    }

    /** The commit to reconcile, or null when a poll finds nothing to do. */
    private CommitInfo fetch() throws GitException {
        String remoteHead = source.git().lsRemote();
        state.checked(Instant.now());
        CommitInfo last = state.lastFetched();
        boolean moved = last == null || !last.id().equals(remoteHead);
        boolean loaded = state.desired() != null;
        if (!moved && loaded && trigger == Trigger.POLL && !needsAttention()) {
            return null;
        }
        CommitInfo commit = moved || !loaded ? source.git().fetch() : last;
        state.fetched(commit);
        return commit;
    }

    private boolean needsAttention() {
        return services.tracker().ofSource(source.name()).stream().anyMatch(TrackedResource::needsAttention);
    }

    private DesiredState load(CommitInfo commit) throws GitException {
        DesiredState previous = state.desired();
        return previous == null
                ? services.loader().loadFull(source.git(), commit)
                : services.loader().loadIncremental(source.git(), previous, commit);
    }

    private List<SpecError> validate(DesiredState desired) {
        List<SpecError> errors = new ArrayList<>(desired.fileErrors());
        errors.addAll(services.validator().validate(desired.documents()));
        errors.addAll(services.policyCheck().check(desired.documents()));
        return errors;
    }

    /**
     * What to observe: everything on the first run and on a manual sync; otherwise what the commit
     * changed, what left Git, and what still needs attention (failed, progressing, out of sync).
     */
    private Set<ResourceKey> lookAt(DesiredState desired, Map<ResourceKey, TrackedResource> tracked) {
        Set<ResourceKey> keys = new HashSet<>();
        Set<ResourceKey> inGit = desired.byKey().keySet();
        if (desired.full() || trigger == Trigger.MANUAL) {
            keys.addAll(inGit);
            keys.addAll(tracked.keySet());
            return keys;
        }
        keys.addAll(desired.changedKeys());
        tracked.values().stream()
                .filter(r -> r.needsAttention() || !inGit.contains(r.key()))
                .forEach(r -> keys.add(r.key()));
        return keys;
    }

    private void report(Map<ResourceKey, TrackedResource> statuses) {
        statuses.forEach((key, status) -> {
            if (status == null) {
                services.tracker().remove(key);
            } else {
                services.tracker().put(status);
            }
        });
    }

    private void execute(Assessment assessment, CommitInfo commit) {
        List<PlanStep> steps = assessment.steps();
        if (steps.isEmpty()) {
            return;
        }
        if (!source.sync().auto() && trigger != Trigger.MANUAL) {
            steps.forEach(s -> markOutOfSync(s, "auto-sync is off: POST /api/v1/sync to apply"));
            return;
        }
        List<PlanStep> deletes = steps.stream().filter(s -> s.action() == Action.DELETE).toList();
        String deleteBlock = deletionGate(deletes.size());
        Set<ResourceKey> failed = new HashSet<>();
        for (PlanStep step : steps) {
            if (step.action() == Action.DELETE && !source.sync().prune()) {
                markOutOfSync(step, "removed from Git; pruning is off, so it stays live");
                continue;
            }
            String blocked = step.action() == Action.DELETE ? deleteBlock : null;
            ResourceKey failedDependency = step.dependsOn().stream().filter(failed::contains).findFirst().orElse(null);
            StepOutcome outcome;
            if (blocked != null) {
                outcome = new StepOutcome.Blocked(blocked);
            } else if (failedDependency != null) {
                outcome = new StepOutcome.Failed("not applied: depends on " + failedDependency + ", which failed", 0);
            } else {
                Applier applier = services.backends().find(step.backend()).orElseThrow();
                outcome = services.executor().execute(step, applier);
            }
            if (!(outcome instanceof StepOutcome.Applied)) {
                failed.add(step.key());
            }
            record(step, outcome, commit);
        }
    }

    /** The mass-deletion guard: a reason to block every deletion of this run, or null. */
    private String deletionGate(int deletions) {
        int max = source.sync().maxDeletions();
        if (deletions <= max || !source.sync().prune()) {
            return null;
        }
        return "mass-deletion guard: this commit would delete " + deletions + " resources, more than sync.max-deletions ("
                + max + "); raise sextant.sync.max-deletions for this source to allow it";
    }

    private void markOutOfSync(PlanStep step, String message) {
        services.tracker().find(step.key()).ifPresent(r -> services.tracker().put(r.withMessage(message)));
    }

    /** Exactly one audit event per step, then the resource's new status. */
    private void record(PlanStep step, StepOutcome outcome, CommitInfo commit) {
        String action = outcome instanceof StepOutcome.Blocked ? "blocked" : step.action().apiName();
        String outcomeName;
        String error = null;
        long duration = 0;
        if (outcome instanceof StepOutcome.Applied applied) {
            outcomeName = "succeeded";
            duration = applied.durationMs();
        } else if (outcome instanceof StepOutcome.Failed failure) {
            outcomeName = "failed";
            error = failure.error();
            duration = failure.durationMs();
        } else {
            outcomeName = "blocked";
            error = ((StepOutcome.Blocked) outcome).reason();
        }
        services.audit().append(new AuditEntry(source.name(), commit.id(), commit.author(), commit.message(), null,
                List.of(), trigger.apiName(),
                new AuditEvent.ResourceRef(step.key().kind().apiName(), step.key().namespace(), step.key().name()),
                step.backend(), action, DiffJson.of(step.diff()), outcomeName, error, duration));
        log.info("source={} commit={} resource={} backend={} action={} outcome={}{}", source.name(),
                commit.id().substring(0, 7), step.key(), step.backend(), action, outcomeName,
                error == null ? "" : " error=" + error);
        updateStatus(step, outcome, commit);
    }

    private void updateStatus(PlanStep step, StepOutcome outcome, CommitInfo commit) {
        TrackedResource before = services.tracker().find(step.key()).orElse(null);
        if (outcome instanceof StepOutcome.Applied applied) {
            if (step.action() == Action.DELETE) {
                if (before != null && step.backend().equals(before.backend())) {
                    services.tracker().remove(step.key());
                }
                return;
            }
            var observed = applied.observed();
            services.tracker().put(new TrackedResource(step.key(), source.name(), step.backend(), SyncStatus.SYNCED,
                    observed == null ? Health.UNKNOWN : observed.health(), OperationStatus.SUCCEEDED,
                    observed == null ? "" : observed.message(), commit.id(), commit.id(), Instant.now(),
                    step.desired().manifest(), observed == null ? null : observed.manifest(), List.of()));
            return;
        }
        OperationStatus operation = outcome instanceof StepOutcome.Blocked ? OperationStatus.BLOCKED : OperationStatus.FAILED;
        String message = outcome instanceof StepOutcome.Failed f ? f.error() : ((StepOutcome.Blocked) outcome).reason();
        services.tracker().put(new TrackedResource(step.key(), source.name(), step.backend(), SyncStatus.OUT_OF_SYNC,
                before == null ? Health.MISSING : before.health(), operation, message, commit.id(),
                before == null ? null : before.appliedRevision(), before == null ? null : before.lastSyncedAt(),
                step.desired() == null ? null : step.desired().manifest(), before == null ? null : before.observed(),
                step.diff()));
    }

    /** Resources in Git that this run did not look at still run the new commit's desired state. */
    private void refreshDesiredRevision(DesiredState desired) {
        String revision = desired.commit().id();
        for (ResourceKey key : desired.byKey().keySet()) {
            services.tracker().find(key)
                    .filter(r -> r.source().equals(source.name()) && !revision.equals(r.desiredRevision()))
                    .ifPresent(r -> services.tracker().put(r.withDesiredRevision(revision)));
        }
    }
}
