package io.sextant.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Argo Rollouts' AnalysisRun semantics: count, failureLimit, inconclusiveLimit, consecutiveErrorLimit. */
class AnalysisRunTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Target TARGET = new Target("search", "llama", "sim-local", "v2", "v1");

    private final SteppedClock clock = new SteppedClock();
    private final List<Measurement> seen = new ArrayList<>();
    private final List<AnalysisRun> finished = new ArrayList<>();
    private final AnalysisScheduler scheduler = new AnalysisScheduler(clock, Runnable::run,
            new AnalysisScheduler.Listener() {
                @Override
                public void measured(AnalysisRun run, Measurement measurement) {
                    seen.add(measurement);
                }

                @Override
                public void finished(AnalysisRun run) {
                    finished.add(run);
                }
            });

    /** Readings per version, taken in order; a version out of readings has no data. */
    private final Map<String, Deque<Reading>> script = new HashMap<>();
    private final MeasurementSource source = (measure, target, version, interval) -> now -> {
        Deque<Reading> queue = script.get(version);
        return queue == null || queue.isEmpty() ? new Reading.NoData("none scripted") : queue.poll();
    };

    private void script(String version, Reading... readings) {
        script.computeIfAbsent(version, v -> new ArrayDeque<>()).addAll(List.of(readings));
    }

    private static Reading v(double value) {
        return new Reading.Value(value);
    }

    private static final Reading ERROR = new Reading.Failure("Prometheus did not answer within 5s");

    private AnalysisRun start(MetricSpec metric) {
        return scheduler.start("a1", List.of(metric), TARGET, source);
    }

    private static MetricSpec ttft(int count) {
        return MetricSpec.of("ttft", new Measure.Query("q"), "p95 ttft < 500ms", MINUTE, count);
    }

    private void minutes(int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(MINUTE);
            scheduler.tick();
        }
    }

    @Test
    void takesCountMeasurementsOneIntervalApartThenSucceeds() {
        script("v2", v(0.2), v(0.3), v(0.25));
        AnalysisRun run = start(ttft(3));

        scheduler.tick();
        assertThat(seen).isEmpty(); // the first measurement covers a whole interval
        minutes(2);
        assertThat(run.phase()).isEqualTo(Phase.RUNNING);
        minutes(1);

        assertThat(run.phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(seen).extracting(Measurement::canary).containsExactly(0.2, 0.3, 0.25);
        assertThat(seen).extracting(Measurement::time).containsExactly(run.started().plus(MINUTE),
                run.started().plus(MINUTE.multipliedBy(2)), run.started().plus(MINUTE.multipliedBy(3)));
        assertThat(finished).containsExactly(run);
        minutes(2);
        assertThat(seen).hasSize(3);
    }

    @Test
    void aRunThatEndsIsStillFoundByItsIdWhileItsEndIsBeingRecorded() {
        // The engine's listener stores the verdict; a rollout asking for the run meanwhile must find it, or it
        // takes the run for lost and starts the analysis a second time.
        List<Boolean> foundDuringFinish = new ArrayList<>();
        AnalysisScheduler[] holder = new AnalysisScheduler[1];
        holder[0] = new AnalysisScheduler(clock, Runnable::run, new AnalysisScheduler.Listener() {
            @Override
            public void measured(AnalysisRun run, Measurement measurement) {
            }

            @Override
            public void finished(AnalysisRun run) {
                foundDuringFinish.add(holder[0].running(run.id()).isPresent());
            }
        });
        script("v2", v(1.4));
        holder[0].start("a2", List.of(ttft(3)), TARGET, source);

        clock.advance(MINUTE);
        holder[0].tick();

        assertThat(foundDuringFinish).containsExactly(true);
        assertThat(holder[0].running("a2")).as("gone once its end is recorded").isEmpty();
    }

    @Test
    void failsAtTheFirstFailedMeasurementWithTheDefaultFailureLimit() {
        script("v2", v(0.2), v(1.4), v(0.2));
        AnalysisRun run = start(ttft(3));

        minutes(2);

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(run.message()).isEqualTo("metric 'ttft' (p95 ttft < 500ms): 1 failed measurement(s), more than"
                + " the failure limit 0");
        assertThat(seen).extracting(Measurement::verdict).containsExactly(Verdict.SUCCESSFUL, Verdict.FAILED);
    }

    @Test
    void toleratesFailuresUpToTheFailureLimit() {
        script("v2", v(1.0), v(0.2), v(1.0), v(0.2));
        AnalysisRun run = start(ttft(4).withLimits(2, 0, 4));

        minutes(4);

        assertThat(run.phase()).isEqualTo(Phase.SUCCESSFUL);
    }

    @Test
    void noDataBeyondTheInconclusiveLimitPausesInsteadOfFailing() {
        script("v2", v(0.2), new Reading.NoData("the query returned no series"),
                new Reading.NoData("the query returned no series"));
        AnalysisRun run = start(ttft(5).withLimits(0, 1, 4));

        minutes(2);
        assertThat(run.phase()).isEqualTo(Phase.RUNNING);
        minutes(1);

        assertThat(run.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(run.message()).contains("2 inconclusive measurement(s), more than the inconclusive limit 1");
    }

    @Test
    void errorsAreRetriedAndFailOnlyBeyondTheConsecutiveErrorLimit() {
        script("v2", ERROR, ERROR, v(0.2), ERROR, ERROR, ERROR);
        AnalysisRun run = start(ttft(2).withLimits(0, 0, 2));

        minutes(5);
        assertThat(run.phase()).as("two errors in a row are within the limit, and a good read resets them")
                .isEqualTo(Phase.RUNNING);
        minutes(1);

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(run.message()).contains("3 errors in a row, more than the consecutive error limit 2");
        assertThat(seen).extracting(Measurement::index).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(seen.get(0).message()).isEqualTo("Prometheus did not answer within 5s");
    }

    @Test
    void relativeConditionComparesCanaryWithStableAtTheSameTime() {
        script("v2", v(0.010), v(0.030));
        script("v1", v(0.008), v(0.010));
        MetricSpec errors = MetricSpec.of("errors", new Measure.Query("q"), "error rate <= stable + 0.5%", MINUTE, 2);
        AnalysisRun run = start(errors);

        minutes(2);

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(seen).extracting(Measurement::canary, Measurement::stable, Measurement::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.010, 0.008, Verdict.SUCCESSFUL),
                        org.assertj.core.groups.Tuple.tuple(0.030, 0.010, Verdict.FAILED));
    }

    @Test
    void aLateTickTakesOneMeasurementNotABurst() {
        script("v2", v(0.1), v(0.1), v(0.1), v(0.1));
        start(ttft(4));

        clock.advance(MINUTE.multipliedBy(3));
        scheduler.tick();

        assertThat(seen).hasSize(1);
    }

    @Test
    void metricsWithDifferentIntervalsAreMeasuredEachOnItsOwn() {
        script("v2", v(0.1), v(0.1), v(0.1), v(0.1));
        MetricSpec fast = MetricSpec.of("fast", new Measure.Query("q"), "x < 1", MINUTE, 2);
        MetricSpec slow = MetricSpec.of("slow", new Measure.Query("q"), "x < 1", MINUTE.multipliedBy(2), 1);
        AnalysisRun run = scheduler.start("a2", List.of(fast, slow), TARGET, source);

        minutes(1);
        assertThat(seen).extracting(Measurement::metric).containsExactly("fast");
        minutes(1);

        assertThat(seen).extracting(Measurement::metric).containsExactly("fast", "fast", "slow");
        assertThat(run.phase()).isEqualTo(Phase.SUCCESSFUL);
    }
}
