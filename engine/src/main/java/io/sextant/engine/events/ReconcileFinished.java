package io.sextant.engine.events;

import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.SpecError;
import java.time.Duration;
import java.util.List;

/**
 * One reconcile of a source ended.
 *
 * @param source    source name
 * @param trigger   what asked for it ({@code poll}, {@code webhook}, {@code drift}, {@code manual})
 * @param commit    the commit reconciled, or null when the run stopped before (Git error, nothing to do)
 * @param result    {@code synced} (every step succeeded or nothing to do), {@code failed} (a step failed or
 *                  the Git check failed), {@code blocked} (a gate blocked steps), {@code invalid} (spec errors
 *                  left resources alone), {@code skipped} (an idle poll)
 * @param applied   steps that succeeded
 * @param failed    steps that failed
 * @param blocked   steps that were blocked
 * @param errors    spec errors of the commit
 * @param duration  wall time of the run
 */
public record ReconcileFinished(String source, String trigger, CommitInfo commit, String result, int applied,
                                int failed, int blocked, List<SpecError> errors, Duration duration) {

    public ReconcileFinished {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
