package io.sextant.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One analysis of a canary: its metrics, each measured at its own interval, and the phase they add up
 * to. Failed or inconclusive ends the run at once (the rollout aborts or pauses, so later measurements
 * would change nothing); successful needs every metric to have taken its count. Not thread-safe: the
 * {@link AnalysisScheduler} steps a run from one thread at a time.
 */
public final class AnalysisRun {

    private final String id;
    private final Target target;
    private final Instant started;
    private final List<MetricRun> metrics = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private volatile Phase phase = Phase.RUNNING;
    private volatile String message = "running";

    /** Starts the run now: opens a probe per metric and version, the first reads one interval from now. */
    public AnalysisRun(String id, List<MetricSpec> specs, Target target, MeasurementSource source, Instant now) {
        this.id = Objects.requireNonNull(id, "id");
        this.target = Objects.requireNonNull(target, "target");
        this.started = now;
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("metrics: an analysis needs at least one metric");
        }
        for (MetricSpec spec : specs) {
            if (metrics.stream().anyMatch(m -> m.spec().name().equals(spec.name()))) {
                throw new IllegalArgumentException("metrics: two metrics are named '" + spec.name() + "'");
            }
            metrics.add(new MetricRun(spec, source, target, now));
        }
    }

    /** Takes every measurement due at {@code now}; returns them (none when nothing was due or it is done). */
    public List<Measurement> step(Instant now) {
        if (phase.done()) {
            return List.of();
        }
        List<Measurement> taken = new ArrayList<>();
        for (MetricRun metric : metrics) {
            if (metric.due(now)) {
                taken.add(metric.measure(now));
            }
        }
        synchronized (measurements) {
            measurements.addAll(taken);
        }
        settle();
        return taken;
    }

    private void settle() {
        for (MetricRun metric : metrics) {
            if (metric.phase() == Phase.FAILED) {
                finish(Phase.FAILED, metric);
                return;
            }
        }
        for (MetricRun metric : metrics) {
            if (metric.phase() == Phase.INCONCLUSIVE) {
                finish(Phase.INCONCLUSIVE, metric);
                return;
            }
        }
        if (metrics.stream().allMatch(m -> m.phase() == Phase.SUCCESSFUL)) {
            phase = Phase.SUCCESSFUL;
            message = "every metric took its measurements within its limits";
        }
    }

    private void finish(Phase phase, MetricRun metric) {
        this.phase = phase;
        this.message = "metric '" + metric.spec().name() + "' (" + metric.spec().condition().text() + "): "
                + metric.reason();
    }

    /** The earliest time a measurement is due; null once the run is done. */
    public Instant nextDue() {
        if (phase.done()) {
            return null;
        }
        return metrics.stream().filter(m -> m.phase() == Phase.RUNNING).map(MetricRun::nextDue)
                .min(Instant::compareTo).orElse(null);
    }

    public String id() {
        return id;
    }

    public Target target() {
        return target;
    }

    public Instant started() {
        return started;
    }

    public Phase phase() {
        return phase;
    }

    /** Why the run is in its phase, naming the metric that decided it. */
    public String message() {
        return message;
    }

    /** Every measurement so far, oldest first. */
    public List<Measurement> measurements() {
        synchronized (measurements) {
            return List.copyOf(measurements);
        }
    }
}
