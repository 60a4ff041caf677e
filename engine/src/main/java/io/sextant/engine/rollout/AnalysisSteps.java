package io.sextant.engine.rollout;

import io.sextant.analysis.Condition;
import io.sextant.analysis.Measure;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.SignalKind;
import io.sextant.plugin.Rollout;
import java.util.List;

/** An analysis step of a rollout as the analysis module runs it: one {@link MetricSpec} per metric. */
final class AnalysisSteps {

    private AnalysisSteps() {}

    static List<MetricSpec> metrics(Rollout.Analysis step) {
        return step.metrics().stream().map(m -> new MetricSpec(m.name(), measure(m), Condition.parse(m.condition()),
                step.interval(), step.count(), step.failureLimit(), step.inconclusiveLimit(),
                MetricSpec.DEFAULT_CONSECUTIVE_ERROR_LIMIT)).toList();
    }

    private static Measure measure(Rollout.Metric m) {
        if (m.query() != null) {
            return new Measure.Query(m.query());
        }
        return new Measure.Signal(SignalKind.of(m.signal()), m.quantile() == null ? 0 : m.quantile());
    }
}
