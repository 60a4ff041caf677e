package io.sextant.engine.rollback;

import java.time.Instant;

/** What a rollback request came to; the API answers each with its own status. */
public sealed interface RollbackResult {

    /** A revert pull request (GitLab: merge request) is open, made now or found from an earlier attempt. */
    record Opened(String url, int number, String branch, String commit, String target, boolean created)
            implements RollbackResult {}

    /** The revert was committed on the watched branch ({@code on-abort: push}). */
    record Pushed(String branch, String commit, String target) implements RollbackResult {}

    /**
     * Refused for a reason that no retry changes.
     *
     * @param status the HTTP status the API answers: 404 unknown resource, 409 nothing to roll back, 422 the
     *               request or the source's configuration cannot be served
     */
    record Refused(int status, String detail) implements RollbackResult {}

    /** The Git server or host failed; retried with backoff from {@code nextAttemptAt}. */
    record Retrying(String error, int attempts, Instant nextAttemptAt) implements RollbackResult {}
}
