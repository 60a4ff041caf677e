package io.sextant.analysis;

import java.time.Instant;

/** The state of one metric of a running analysis: its probes and its tallies, as Argo keeps them. */
final class MetricRun {

    private final MetricSpec spec;
    private final MeasurementSource.Probe canary;
    /** Null for an absolute condition, or when there is no stable version. */
    private final MeasurementSource.Probe stable;
    private Instant due;
    /** Measurements judged (errors are not: Argo retries them at the interval without counting them). */
    private int taken;
    private int sequence;
    private int failed;
    private int inconclusive;
    private int consecutiveErrors;
    private Phase phase = Phase.RUNNING;
    private String reason = "";

    MetricRun(MetricSpec spec, MeasurementSource source, Target target, Instant now) {
        this.spec = spec;
        this.canary = source.probe(spec.measure(), target, target.canary(), spec.interval());
        this.stable = spec.condition().relative() && target.stable() != null
                ? source.probe(spec.measure(), target, target.stable(), spec.interval()) : null;
        canary.start(now);
        if (stable != null) {
            stable.start(now);
        }
        // The first measurement covers one whole interval: rates and quantiles over less say little.
        this.due = now.plus(spec.interval());
    }

    boolean due(Instant now) {
        return phase == Phase.RUNNING && !now.isBefore(due);
    }

    Instant nextDue() {
        return due;
    }

    Measurement measure(Instant now) {
        Reading c = canary.read(now);
        Reading s = stable == null ? null : stable.read(now);
        Condition.Judgement judgement = spec.condition().judge(c, s);
        sequence++;
        switch (judgement.verdict()) {
            case SUCCESSFUL -> taken++;
            case FAILED -> {
                taken++;
                failed++;
            }
            case INCONCLUSIVE -> {
                taken++;
                inconclusive++;
            }
            case ERROR -> consecutiveErrors++;
        }
        if (judgement.verdict() != Verdict.ERROR) {
            consecutiveErrors = 0;
        }
        settle();
        if (phase == Phase.RUNNING && taken >= spec.count()) {
            phase = Phase.SUCCESSFUL;
            reason = taken + " of " + spec.count() + " measurements within limits";
        }
        due = due.plus(spec.interval());
        if (due.isBefore(now)) {
            due = now.plus(spec.interval()); // a late tick does not make a burst of catch-up measurements
        }
        return new Measurement(spec.name(), sequence, now,
                value(c), s == null ? null : value(s), spec.condition().text(), judgement.verdict(),
                judgement.message());
    }

    private void settle() {
        if (failed > spec.failureLimit()) {
            phase = Phase.FAILED;
            reason = failed + " failed measurement(s), more than the failure limit " + spec.failureLimit();
        } else if (consecutiveErrors > spec.consecutiveErrorLimit()) {
            phase = Phase.FAILED;
            reason = consecutiveErrors + " errors in a row, more than the consecutive error limit "
                    + spec.consecutiveErrorLimit();
        } else if (inconclusive > spec.inconclusiveLimit()) {
            phase = Phase.INCONCLUSIVE;
            reason = inconclusive + " inconclusive measurement(s), more than the inconclusive limit "
                    + spec.inconclusiveLimit();
        }
    }

    private static Double value(Reading r) {
        return r instanceof Reading.Value v ? v.value() : null;
    }

    MetricSpec spec() {
        return spec;
    }

    Phase phase() {
        return phase;
    }

    String reason() {
        return reason;
    }
}
