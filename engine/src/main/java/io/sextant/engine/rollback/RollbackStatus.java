package io.sextant.engine.rollback;

import java.time.Instant;

/**
 * The rollback of one resource as the rollout API shows it.
 *
 * @param state         {@code opened}, {@code pushed} or {@code retrying}; an abort's revert also {@code pending}
 *                      (claimed, or not tried yet), {@code refused} or {@code superseded}
 * @param url           the pull request's page, once opened
 * @param attempts      failed attempts so far
 * @param error         the last failure, while retrying
 * @param nextAttemptAt when the next attempt runs, while retrying
 */
public record RollbackStatus(String state, String reverted, String url, int attempts, String error,
                             Instant nextAttemptAt) {}
