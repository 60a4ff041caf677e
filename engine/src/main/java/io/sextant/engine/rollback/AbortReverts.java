package io.sextant.engine.rollback;

import io.sextant.analysis.Measurement;
import io.sextant.analysis.Verdict;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverts of aborted rollouts, handed over between replicas through the database only. The replica that
 * aborts records the revert and tries it at once; a failure, or a replica that died before it finished, leaves
 * the row due, and whichever replica ticks next claims it. The claim is the only licence to push: a replica that
 * did not abort neither tries the revert "once more" nor shows a status of its own memory (it used to do both,
 * so the other replica pushed a second, empty revert and audited it as failed, or showed no revert at all).
 */
final class AbortReverts {

    /** Longer than any attempt (a fetch, a push and a host call, each with its timeout): then the claimant is dead. */
    static final Duration CLAIM = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(AbortReverts.class);

    private final Rollbacks rollbacks;
    private final RevertStore store;
    private final ResourceTracker tracker;
    private final RollbackSettings settings;
    private final AnalysisService analyses;
    private final Clock clock;
    /** Who claims: this process, for as long as it lives. */
    private final String self = UUID.randomUUID().toString();

    AbortReverts(Rollbacks rollbacks, RevertStore store, ResourceTracker tracker, RollbackSettings settings,
                 AnalysisService analyses, Clock clock) {
        this.rollbacks = rollbacks;
        this.store = store;
        this.tracker = tracker;
        this.settings = settings;
        this.analyses = analyses;
        this.clock = clock;
    }

    /** Records the revert (once per resource and reverted commit, however often asked) and works on it now. */
    void request(ResourceKey key, String source, String reverted, String target, AuditEvent.Actor actor,
                 Evidence evidence) {
        store.request(key, reverted, source, target, evidence.reason(), actor, clock.instant());
        store.find(key, reverted).ifPresent(row -> push(row, evidence));
    }

    /** Every due revert, each by the one replica that wins its claim. */
    void pushDue() {
        for (RevertStore.Row row : store.due(clock.instant())) {
            push(row, null);
        }
    }

    Optional<RollbackStatus> status(ResourceKey key, String reverted) {
        return store.find(key, reverted).map(RevertStore.Row::status);
    }

    private void push(RevertStore.Row row, Evidence known) {
        ResourceKey key = row.key();
        Instant now = clock.instant();
        if (!store.claim(key, row.reverted(), self, now, now.plus(CLAIM))) {
            return; // done, not due, or another replica's now
        }
        TrackedResource resource = tracker.findShared(key).orElse(null);
        if (resource == null) {
            log.warn("revert of {} from {} refused: the resource is no longer tracked", key, row.reverted());
            store.finish(key, row.reverted(), self, RevertStore.State.REFUSED, row.attempts(), null, null,
                    "no resource " + key);
            return;
        }
        if (resource.desiredRevision() != null && !resource.desiredRevision().equals(row.reverted())) {
            // A newer commit is desired: it supersedes the aborted one, and reverting under it would undo it.
            log.info("revert of {} from {} not made: {} is desired now", key, RevertBody.shortId(row.reverted()),
                    RevertBody.shortId(resource.desiredRevision()));
            store.finish(key, row.reverted(), self, RevertStore.State.SUPERSEDED, row.attempts(), null, null, null);
            return;
        }
        RollbackMode mode = settings.mode(row.source());
        if (mode == RollbackMode.NONE) {
            store.finish(key, row.reverted(), self, RevertStore.State.REFUSED, row.attempts(), null, null,
                    "sources[" + row.source() + "].rollback.on-abort is none now");
            return;
        }
        Evidence evidence = known != null ? known : new Evidence(row.reason(), failed(key, row.reverted()));
        RetryState before = new RetryState(key, row.source(), row.reverted(), row.target(), mode, evidence,
                row.actor(), "retrying", null, row.attempts(), row.error(), null);
        Rollbacks.Attempt attempt;
        try {
            attempt = rollbacks.attempt(before);
        } catch (RuntimeException e) {
            // Released with a retry rather than held until the claim expires: the next tick of any replica tries again.
            RetryState failed = before.failed(e.toString(), clock.instant());
            log.warn("revert of {} failed unexpectedly (attempt {}), retried at {}: {}", key, failed.attempts(),
                    failed.nextAttemptAt(), e.toString());
            attempt = new Rollbacks.Attempt(new RollbackResult.Retrying(e.toString(), failed.attempts(),
                    failed.nextAttemptAt()), failed);
        }
        RollbackResult result = attempt.result();
        // One event when first tried, and one more when a retried revert ends: not one per failed retry.
        if (row.attempts() == 0 || !(result instanceof RollbackResult.Retrying)) {
            rollbacks.record(resource, row.reverted(), row.actor(), result instanceof RollbackResult.Retrying
                    || result instanceof RollbackResult.Refused ? "failed" : "succeeded", Rollbacks.error(result));
        }
        RevertStore.State state;
        String error = null;
        String url = null;
        if (result instanceof RollbackResult.Pushed) {
            state = RevertStore.State.PUSHED;
        } else if (result instanceof RollbackResult.Opened opened) {
            state = RevertStore.State.OPENED;
            url = opened.url();
        } else if (result instanceof RollbackResult.Refused refused) {
            state = RevertStore.State.REFUSED;
            error = refused.detail();
        } else {
            state = RevertStore.State.RETRYING;
            error = ((RollbackResult.Retrying) result).error();
        }
        RetryState after = attempt.next();
        boolean written = store.finish(key, row.reverted(), self, state,
                after == null ? row.attempts() : after.attempts(), after == null ? null : after.nextAttemptAt(), url,
                error);
        if (!written) {
            log.warn("revert of {} from {}: the claim expired during the attempt; another replica took it", key,
                    RevertBody.shortId(row.reverted()));
        }
    }

    /** The failed measurements of the reverted commit's analyses, for the pull request body of a later attempt. */
    private List<Measurement> failed(ResourceKey key, String reverted) {
        return analyses.stored(key.namespace(), key.name(), reverted).stream()
                .flatMap(r -> r.measurements().stream()).filter(m -> m.verdict() == Verdict.FAILED).toList();
    }
}
