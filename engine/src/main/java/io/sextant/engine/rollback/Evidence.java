package io.sextant.engine.rollback;

import io.sextant.analysis.Measurement;
import java.util.List;

/**
 * Why a resource is rolled back, for the revert's pull request body.
 *
 * @param reason   one line: the abort's message, or who asked
 * @param failed   the measurements that failed (empty when a person asked without a failed analysis)
 */
public record Evidence(String reason, List<Measurement> failed) {

    public Evidence {
        reason = reason == null ? "" : reason;
        failed = failed == null ? List.of() : List.copyOf(failed);
    }
}
