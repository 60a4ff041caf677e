package io.sextant.engine.rollback;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One resource's rollback and the state of its retries: data, not a sleeping thread. Backoff doubles from
 * {@link #FIRST_DELAY} to {@link #MAX_DELAY}, with jitter so replicas and resources do not retry in step.
 *
 * @param state         {@code retrying} until it is {@code opened} or {@code pushed}
 * @param nextAttemptAt null once done
 */
record RetryState(ResourceKey key, String source, String reverted, String target, RollbackMode mode,
                  Evidence evidence, AuditEvent.Actor actor, String state, String url, int attempts, String error,
                  Instant nextAttemptAt) {

    static final Duration FIRST_DELAY = Duration.ofSeconds(10);
    static final Duration MAX_DELAY = Duration.ofMinutes(10);

    RetryState(ResourceKey key, String source, String reverted, String target, RollbackMode mode, Evidence evidence,
               AuditEvent.Actor actor) {
        this(key, source, reverted, target, mode, evidence, actor, "retrying", null, 0, null, null);
    }

    RetryState failed(String why, Instant now) {
        long base = Math.min(MAX_DELAY.toMillis(), FIRST_DELAY.toMillis() << Math.min(attempts, 16));
        long delay = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return new RetryState(key, source, reverted, target, mode, evidence, actor, "retrying", url, attempts + 1,
                why, now.plusMillis(delay));
    }

    RetryState done(String how, String pullRequestUrl) {
        return new RetryState(key, source, reverted, target, mode, evidence, actor, how, pullRequestUrl, attempts,
                null, null);
    }

    boolean due(Instant now) {
        return nextAttemptAt != null && !now.isBefore(nextAttemptAt);
    }

    RollbackStatus status() {
        return new RollbackStatus(state, reverted, url, attempts, error, nextAttemptAt);
    }
}
