package io.sextant.engine.rollout;

import io.sextant.plugin.ResourceKey;
import java.time.Instant;
import java.util.Objects;

/**
 * The journaled state of one resource's rollout: which step it is at, the canary's traffic weight, the
 * analysis it waits for, and the stable and canary revisions (commits). A row of {@code rollout}.
 *
 * @param analysisId    the analysis of the current step, or null when the step has none or it is not started
 * @param stepStartedAt when the current step began (a pause counts from it)
 */
record RolloutState(ResourceKey key, String source, String backend, String stableRevision, String canaryRevision,
                    Phase phase, int step, int weight, String analysisId, Instant stepStartedAt, Instant startedAt,
                    String message) {

    /** Where a rollout stands; only {@link #RUNNING} moves on by itself. */
    enum Phase {
        RUNNING,
        /** An analysis was inconclusive: the canary keeps its weight until a newer commit (or a person). */
        PAUSED,
        PROMOTED,
        /** The canary failed: traffic is on stable and this canary revision is not applied again. */
        ABORTED
    }

    RolloutState {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(canaryRevision, "canaryRevision");
        message = message == null ? "" : message;
    }

    static RolloutState started(ResourceKey key, String source, String backend, String stable, String canary,
                                Instant now) {
        return new RolloutState(key, source, backend, stable, canary, Phase.RUNNING, 0, 0, null, now, now, "");
    }

    RolloutState next(Instant now) {
        return new RolloutState(key, source, backend, stableRevision, canaryRevision, phase, step + 1, weight, null,
                now, startedAt, message);
    }

    RolloutState withWeight(int percent) {
        return new RolloutState(key, source, backend, stableRevision, canaryRevision, phase, step, percent,
                analysisId, stepStartedAt, startedAt, message);
    }

    RolloutState withAnalysis(String id) {
        return new RolloutState(key, source, backend, stableRevision, canaryRevision, phase, step, weight, id,
                stepStartedAt, startedAt, message);
    }

    RolloutState ended(Phase to, int percent, String why) {
        return new RolloutState(key, source, backend, stableRevision, canaryRevision, to, step, percent, analysisId,
                stepStartedAt, startedAt, why);
    }

    String shortCanary() {
        return canaryRevision.substring(0, Math.min(7, canaryRevision.length()));
    }
}
