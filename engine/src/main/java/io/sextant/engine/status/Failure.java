package io.sextant.engine.status;

import java.time.Instant;
import java.util.Objects;

/**
 * The failure of a resource that is being retried, as data (controller-runtime's per-item rate limiter):
 * which failure it is, how many attempts it has cost and when the next one is due. The same failure
 * (same commit, action and error) is audited once; its attempts only count up here.
 *
 * @param key           identifies the failure: sha-256 of commit, action and error
 * @param commit        the commit the failing attempts worked toward; a new commit resets the backoff
 * @param attempts      attempts that failed with this failure, at least 1
 * @param nextAttemptAt when the resource is looked at again (a manual sync or a new commit is sooner)
 */
public record Failure(String key, String commit, int attempts, Instant nextAttemptAt) {

    public Failure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
    }

    /** Whether the failure still holds the resource back at {@code now} for {@code commit}. */
    public boolean backingOff(String currentCommit, Instant now) {
        return Objects.equals(commit, currentCommit) && now.isBefore(nextAttemptAt);
    }
}
