package io.sextant.bench;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.AnalysisScheduler;
import io.sextant.analysis.Measure;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.MeasurementSource;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.Reading;
import io.sextant.analysis.SignalKind;
import io.sextant.analysis.Target;
import io.sextant.analysis.scrape.Dialect;
import io.sextant.analysis.scrape.DirectSource;
import io.sextant.appliers.sim.SimServingMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine-side cost of canary analysis: one analysis interval of 100 concurrent analyses, each with
 * the two usual SLOs (p95 time to first token, absolute; error rate, relative to stable), so four reads a
 * run and 400 an interval. {@code direct}: every read scrapes the sim backend's synthetic vLLM metrics
 * (about 6 KB of text, rendered, parsed, then a histogram quantile or a counter ratio over the interval);
 * the network of a real {@code /metrics} is not in it. {@code prometheus}: a source answering at once
 * stands in for Prometheus, so what remains is the scheduling, the judging and the bookkeeping (a real
 * query costs Prometheus, not the engine, and its round trip overlaps on the analysis threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnalysisBenchmark {

    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final int ANALYSES = 100;

    @Param({"direct", "prometheus"})
    public String source;

    private final MovingClock clock = new MovingClock();
    private AnalysisScheduler scheduler;
    private MeasurementSource measurementSource;
    private List<MetricSpec> metrics;
    /** Measurements that were not Successful: the benchmark measures the healthy path, its test checks. */
    int notSuccessful;

    /** A clock each interval moves by hand: the benchmark never waits for real time. */
    static final class MovingClock extends Clock {
        volatile Instant now = Instant.parse("2026-12-01T08:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Setup
    public void setUp() {
        SimServingMetrics sim = new SimServingMetrics();
        if (source.equals("direct")) {
            measurementSource = new DirectSource((target, version) -> Optional.of(new DirectSource.VersionEndpoint(
                    () -> sim.text(version, clock.instant()), Dialect.VLLM, Map.of())));
            metrics = List.of(
                    MetricSpec.of("ttft", new Measure.Signal(SignalKind.TTFT, 0.95), "p95 ttft < 500ms", INTERVAL,
                            Integer.MAX_VALUE),
                    MetricSpec.of("errors", new Measure.Signal(SignalKind.ERROR_RATE, 0),
                            "error rate <= stable + 0.5%", INTERVAL, Integer.MAX_VALUE));
        } else {
            measurementSource = (measure, target, version, interval) -> now -> new Reading.Value(0.12);
            metrics = List.of(
                    MetricSpec.of("ttft", new Measure.Query("q"), "p95 ttft < 500ms", INTERVAL, Integer.MAX_VALUE),
                    MetricSpec.of("errors", new Measure.Query("q"), "error rate <= stable * 1.1", INTERVAL,
                            Integer.MAX_VALUE));
        }
        scheduler = new AnalysisScheduler(clock, Runnable::run, new AnalysisScheduler.Listener() {
            @Override
            public void measured(AnalysisRun run, Measurement measurement) {
                if (measurement.verdict() != io.sextant.analysis.Verdict.SUCCESSFUL) {
                    notSuccessful++;
                }
            }

            @Override
            public void finished(AnalysisRun run) {
                throw new IllegalStateException("a benchmarked analysis ended: " + run.message());
            }
        });
        for (int i = 0; i < ANALYSES; i++) {
            scheduler.start("a" + i, metrics, new Target("team", "model-" + i, "sim-local", "canary-" + i,
                    "stable-" + i), measurementSource);
        }
    }

    /** One interval of all 100 analyses: every due measurement taken and judged. */
    @Benchmark
    public int oneIntervalOfOneHundredAnalyses() {
        clock.now = clock.now.plus(INTERVAL);
        int stepped = scheduler.tick();
        if (stepped != ANALYSES) {
            throw new IllegalStateException(stepped + " analyses stepped, not " + ANALYSES);
        }
        return stepped;
    }
}
