package io.sextant.engine.reconcile;

import io.sextant.git.api.GitException;
import java.time.Duration;

/**
 * A plan needed a fetch from the remote, and its source has made too many lately (see
 * {@link RevisionFetches}). A {@link GitException}, so callers that report Git failures (a pull
 * request preview) report this one too; the API answers it 429 with {@code Retry-After}.
 */
public final class PlanRateLimitedException extends GitException {

    private final long retryAfterSeconds;

    PlanRateLimitedException(String source, Duration wait) {
        super("too many plans of revisions the engine does not hold for source '" + source
                + "': each is a fetch from the remote; retry after " + seconds(wait) + " s");
        this.retryAfterSeconds = seconds(wait);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
