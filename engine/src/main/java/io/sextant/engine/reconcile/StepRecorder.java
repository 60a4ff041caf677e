package io.sextant.engine.reconcile;

import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.status.Failure;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what happened to a plan step: exactly one audit event, a structured log line, and the
 * resource's new status.
 */
final class StepRecorder {

    private static final Logger log = LoggerFactory.getLogger(StepRecorder.class);

    private final ReconcileServices services;
    private final String source;
    private final CommitInfo commit;
    private final Trigger trigger;
    private final GateVerdict verdict;

    StepRecorder(ReconcileServices services, String source, CommitInfo commit, Trigger trigger, GateVerdict verdict) {
        this.services = services;
        this.source = source;
        this.commit = commit;
        this.trigger = trigger;
        this.verdict = verdict;
    }

    CommitInfo commit() {
        return commit;
    }

    /** Records the audit event for a step, alone; {@code action} overrides the step's own (blocked, drift-...). */
    void audit(PlanStep step, String action, StepOutcome outcome) {
        announce(step, services.audit().append(entry(step, action, outcome)));
    }

    /** The audit entry for a step; {@code action} overrides the step's own (blocked, drift-...). */
    AuditEntry entry(PlanStep step, String action, StepOutcome outcome) {
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
        AuditEntry entry = new AuditEntry(source, commit.id(), commit.author(), commit.message(), verdict.pullRequest(),
                verdict.approvedBy(), trigger.apiName(),
                new AuditEvent.ResourceRef(step.key().kind().apiName(), step.key().namespace(), step.key().name()),
                step.backend(), action, DiffJson.of(Adopted.diff(step.diff(), outcome)), outcomeName, error, duration, verdict.signedBy());
        return outcome instanceof StepOutcome.Applied applied && step.desired() != null
                ? entry.withModelRevision(ModelRevisions.deployed(services.assessor().kinds(), step.desired(),
                applied.observed()))
                : entry;
    }

    /** Tells the engine (listeners of {@link AuditRecorded}) and the log about a step's recorded event. */
    void announce(PlanStep step, AuditEvent event) {
        services.events().publishEvent(new AuditRecorded(event));
        log.info("source={} commit={} resource={} backend={} action={} outcome={}{}", source,
                commit.id().substring(0, 7), step.key(), step.backend(), event.action(), event.outcome(),
                event.error() == null ? "" : " error=" + event.error());
    }

    /** Records the resource's status after the step. */
    void status(PlanStep step, StepOutcome outcome) {
        TrackedResource after = statusAfter(step, outcome);
        if (after != null) {
            services.tracker().put(after);
        }
    }

    /**
     * The resource's status after the step, to be put in the tracker; null when there is nothing to put
     * (a delete that succeeded, which this method has already taken out of the tracker). A success ends
     * any failure; a failure counts its attempt and sets when the next one is due.
     */
    TrackedResource statusAfter(PlanStep step, StepOutcome outcome) {
        TrackedResource before = services.tracker().find(step.key()).orElse(null);
        if (outcome instanceof StepOutcome.Applied applied) {
            if (step.action() == Action.DELETE) {
                if (before != null && step.backend().equals(before.backend())) {
                    services.tracker().remove(step.key());
                }
                return null;
            }
            ObservedResource observed = applied.observed();
            return new TrackedResource(step.key(), source, step.backend(), SyncStatus.SYNCED,
                    observed == null ? Health.UNKNOWN : observed.health(), OperationStatus.SUCCEEDED,
                    observed == null ? "" : observed.message(), commit.id(), commit.id(),
                    services.clock().instant(), // the engine's clock: progress deadlines are measured on it
                    step.desired().manifest(), observed == null ? null : observed.manifest(), List.of(), null,
                    ManifestDigest.of(step.desired().manifest()), null);
        }
        OperationStatus operation = outcome instanceof StepOutcome.Blocked ? OperationStatus.BLOCKED
                : OperationStatus.FAILED;
        String message = outcome instanceof StepOutcome.Failed f ? f.error() : ((StepOutcome.Blocked) outcome).reason();
        Failure failure = outcome instanceof StepOutcome.Failed ? nextFailure(step, outcome, before) : null;
        if (failure != null && failure.attempts() > 1) {
            message += " (attempt " + failure.attempts() + ")";
        }
        return new TrackedResource(step.key(), source, step.backend(), SyncStatus.OUT_OF_SYNC,
                before == null ? Health.MISSING : before.health(), operation, message, commit.id(),
                before == null ? null : before.appliedRevision(), before == null ? null : before.lastSyncedAt(),
                step.desired() == null ? null : step.desired().manifest(), before == null ? null : before.observed(),
                step.diff(), before == null ? null : before.driftReported(),
                before == null ? null : before.appliedDigest(), failure);
    }

    /**
     * Whether {@code outcome} is the failure the resource is already retrying (same commit, action and
     * error): audited once, when it first happened.
     */
    boolean sameFailure(PlanStep step, StepOutcome outcome) {
        if (!(outcome instanceof StepOutcome.Failed)) {
            return false;
        }
        Failure current = services.tracker().find(step.key()).map(TrackedResource::failure).orElse(null);
        return current != null && current.key().equals(failureKey(step, outcome));
    }

    private Failure nextFailure(PlanStep step, StepOutcome outcome, TrackedResource before) {
        String key = failureKey(step, outcome);
        Failure previous = before == null ? null : before.failure();
        int attempts = previous != null && previous.key().equals(key) ? previous.attempts() + 1 : 1;
        Instant now = services.clock().instant();
        return new Failure(key, commit.id(), attempts,
                now.plus(services.backoff().delayAfter(attempts, services.random())));
    }

    /** Identifies a failure: the same commit, action and error is one failure however often it is retried. */
    private String failureKey(PlanStep step, StepOutcome outcome) {
        String action = step.drift() ? "drift-corrected" : step.action().apiName();
        return Sha256.of(commit.id(), action, ((StepOutcome.Failed) outcome).error());
    }
}
