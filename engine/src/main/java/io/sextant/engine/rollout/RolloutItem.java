package io.sextant.engine.rollout;

import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.rollback.RollbackStatus;
import java.time.Instant;
import java.util.List;

/**
 * A rollout as {@code /api/v1/rollouts} shows it.
 *
 * @param step     the current step, from 1; {@code steps} when all are done
 * @param steps    how many steps the rollout has, or null until a reconcile since start-up brought its spec
 * @param stepList the steps in words ({@code weight 20%}, {@code pause 1m}, ...), or null as {@code steps}
 * @param analyses the ids of the canary's analyses, oldest first
 * @param rollback the revert through Git of an aborted rollout, when one was asked for
 */
record RolloutItem(String kind, String namespace, String name, String source, String backend, String strategy,
                   String phase, int step, Integer steps, List<String> stepList, int canaryWeight,
                   String stableRevision, String canaryRevision, Instant startedAt, String message, List<String> analyses,
                   RollbackStatus rollback) {

    /** One rollout with its analyses' measurements. */
    record Detail(RolloutItem rollout, List<AnalysisService.StoredRun> analyses) {}
}
