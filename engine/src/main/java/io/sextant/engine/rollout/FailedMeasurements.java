package io.sextant.engine.rollout;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/** An analysis run's failing measurements as a person reads them, for the abort's message. */
final class FailedMeasurements {

    private FailedMeasurements() {
    }

    /** Metric, condition, canary and stable values of each failed measurement; the run's message when none failed. */
    static String describe(AnalysisRun run) {
        return describe(run.measurements(), run.message());
    }

    /** As {@link #describe(AnalysisRun)}, for a run's measurements as stored (another replica's run). */
    static String describe(List<Measurement> measurements, String message) {
        String failed = measurements.stream().filter(m -> m.verdict() == Verdict.FAILED)
                .map(FailedMeasurements::describe).collect(Collectors.joining("; "));
        return failed.isEmpty() ? message : failed;
    }

    private static String describe(Measurement m) {
        return m.metric() + " (" + m.condition() + ") at " + m.time() + ": canary " + m.canary()
                + (m.stable() == null ? "" : ", stable " + m.stable()) + " — " + m.message();
    }
}
