package io.sextant.analysis.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.AnalysisScheduler;
import io.sextant.analysis.Measure;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.Phase;
import io.sextant.analysis.Reading;
import io.sextant.analysis.SignalKind;
import io.sextant.analysis.SteppedClock;
import io.sextant.analysis.Target;
import io.sextant.analysis.Verdict;
import io.sextant.analysis.VllmEmulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Analysis read straight from vLLM's and Triton's own metrics, without Prometheus. */
class DirectSourceTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Target TARGET = new Target("search", "llama", "vllm-shared", "llama-v2", "llama-v1");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final SteppedClock clock = new SteppedClock();
    private final AnalysisScheduler scheduler = new AnalysisScheduler(clock, Runnable::run,
            new AnalysisScheduler.Listener() {
                @Override
                public void measured(AnalysisRun run, Measurement measurement) {
                }

                @Override
                public void finished(AnalysisRun run) {
                }
            });
    private VllmEmulator stable;
    private VllmEmulator canary;

    @AfterEach
    void stop() {
        if (stable != null) {
            stable.close();
        }
        if (canary != null) {
            canary.close();
        }
    }

    private DirectSource source() {
        return new DirectSource((target, version) -> {
            VllmEmulator server = version.equals(target.canary()) ? canary : stable;
            return Optional.of(new DirectSource.VersionEndpoint(
                    new HttpEndpoint(HTTP, server.metricsUri(), Duration.ofSeconds(2)), Dialect.VLLM, Map.of()));
        });
    }

    private static List<MetricSpec> slos() {
        return List.of(
                MetricSpec.of("ttft", new Measure.Signal(SignalKind.TTFT, 0.95), "p95 ttft < 500ms", INTERVAL, 3),
                MetricSpec.of("errors", new Measure.Signal(SignalKind.ERROR_RATE, 0), "error rate <= stable + 0.5%",
                        INTERVAL, 3));
    }

    /** One interval of traffic on both versions, then the scheduler's tick. */
    private void interval() {
        stable.serve(200);
        canary.serve(200);
        clock.advance(INTERVAL);
        scheduler.tick();
    }

    @Test
    void aHealthyCanaryIsSuccessful() throws Exception {
        stable = new VllmEmulator("llama-v1");
        canary = new VllmEmulator("llama-v2");
        stable.serve(500); // history before the analysis must not count
        AnalysisRun run = scheduler.start("healthy", slos(), TARGET, source());

        interval();
        interval();
        interval();

        assertThat(run.phase()).isEqualTo(Phase.SUCCESSFUL);
        Measurement first = run.measurements().get(0);
        assertThat(first.metric()).isEqualTo("ttft");
        assertThat(first.canary()).as("p95 of 80 ms ± 20 %% in vLLM's buckets").isBetween(0.08, 0.1);
        assertThat(run.measurements()).filteredOn(m -> m.metric().equals("errors"))
                .extracting(Measurement::canary, Measurement::stable)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(0.0, 0.0));
    }

    @Test
    void aCanaryWhoseTimeToFirstTokenBreaksItsSloFailsWithinTwoIntervals() throws Exception {
        stable = new VllmEmulator("llama-v1");
        canary = new VllmEmulator("llama-v2");
        AnalysisRun run = scheduler.start("slow", slos(), TARGET, source());
        Instant started = clock.instant();

        interval();
        canary.ttftSeconds = 1.5;
        interval();

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        assertThat(run.message()).startsWith("metric 'ttft' (p95 ttft < 500ms): 1 failed measurement(s)");
        Measurement failed = run.measurements().stream().filter(m -> m.verdict() == Verdict.FAILED).findFirst()
                .orElseThrow();
        assertThat(failed.time()).isBeforeOrEqualTo(started.plus(INTERVAL.multipliedBy(2)));
        assertThat(failed.canary()).isGreaterThan(1.0);
    }

    @Test
    void errorRateIsComparedWithTheStableVersion() throws Exception {
        stable = new VllmEmulator("llama-v1");
        canary = new VllmEmulator("llama-v2");
        stable.errorRate = 0.01;
        canary.errorRate = 0.05;
        AnalysisRun run = scheduler.start("errors", slos().subList(1, 2), TARGET, source());

        interval();

        assertThat(run.phase()).isEqualTo(Phase.FAILED);
        Measurement m = run.measurements().get(0);
        assertThat(m.canary()).isCloseTo(0.05, within(1e-9));
        assertThat(m.stable()).isCloseTo(0.01, within(1e-9));
        assertThat(m.message()).isEqualTo("0.0500000 is not <= 0.0150000");
    }

    @Test
    void anIdleCanaryIsInconclusiveNotHealthy() throws Exception {
        stable = new VllmEmulator("llama-v1");
        canary = new VllmEmulator("llama-v2");
        AnalysisRun run = scheduler.start("idle", slos().subList(0, 1), TARGET, source());

        clock.advance(INTERVAL);
        scheduler.tick();

        assertThat(run.phase()).isEqualTo(Phase.INCONCLUSIVE);
        assertThat(run.measurements().get(0).message())
                .contains("no requests observed by vllm:time_to_first_token_seconds in the interval");
    }

    @Test
    void anUnreadableEndpointIsAnErrorNamingIt() throws Exception {
        stable = new VllmEmulator("llama-v1");
        canary = new VllmEmulator("llama-v2");
        AnalysisRun run = scheduler.start("broken", slos().subList(0, 1), TARGET, source());
        canary.broken = true;

        clock.advance(INTERVAL);
        scheduler.tick();

        Measurement m = run.measurements().get(0);
        assertThat(m.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(m.message()).isEqualTo("metrics of " + canary.metricsUri() + ": " + canary.metricsUri()
                + " answered 500");
        assertThat(run.phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void gaugesAreReadAsTheyAreNow() throws Exception {
        canary = new VllmEmulator("llama-v2");
        canary.waiting = 7;
        DirectSource source = source();

        assertThat(source.probe(new Measure.Signal(SignalKind.QUEUE_DEPTH, 0), TARGET, "llama-v2", INTERVAL)
                .read(clock.instant())).isEqualTo(new Reading.Value(7));
        assertThat(source.probe(new Measure.Signal(SignalKind.KV_CACHE_USAGE, 0), TARGET, "llama-v2", INTERVAL)
                .read(clock.instant())).isEqualTo(new Reading.Value(0.3));
    }

    @Test
    void tritonErrorRateAndMeanLatencyComeFromItsCountersForOneModelVersion() {
        AtomicReference<String> text = new AtomicReference<>(triton(100, 0, 5_000_000));
        DirectSource source = new DirectSource((target, version) -> Optional.of(new DirectSource.VersionEndpoint(
                text::get, Dialect.TRITON, Map.of("model", "resnet", "version", version))));
        Target target = new Target("vision", "resnet", "triton-a", "2", "1");
        var errors = source.probe(new Measure.Signal(SignalKind.ERROR_RATE, 0), target, "2", INTERVAL);
        var latency = source.probe(new Measure.Signal(SignalKind.E2E, 0.95), target, "2", INTERVAL);
        errors.start(clock.instant());
        latency.start(clock.instant());

        text.set(triton(190, 10, 9_000_000));

        assertThat(errors.read(clock.instant())).isEqualTo(new Reading.Value(0.1));
        assertThat(latency.read(clock.instant())).isEqualTo(new Reading.Value(0.04));
        assertThatThrownBy(() -> source.probe(new Measure.Signal(SignalKind.ITL, 0.9), target, "2", INTERVAL))
                .hasMessage("signal: triton metrics have no itl");
    }

    /** Triton's counters for version 2 of a model, beside version 1's, which must not count. */
    private static String triton(long success, long failure, long durationUs) {
        return """
                # HELP nv_inference_request_success Number of successful inference requests, all batch sizes
                # TYPE nv_inference_request_success counter
                nv_inference_request_success{model="resnet",version="1"} 999
                nv_inference_request_success{model="resnet",version="2"} %d
                # TYPE nv_inference_request_failure counter
                nv_inference_request_failure{model="resnet",version="1"} 999
                nv_inference_request_failure{model="resnet",version="2"} %d
                # TYPE nv_inference_request_duration_us counter
                nv_inference_request_duration_us{model="resnet",version="1"} 1
                nv_inference_request_duration_us{model="resnet",version="2"} %d
                """.formatted(success, failure, durationUs);
    }

    @Test
    void aPromqlQueryIsRefusedWithoutPrometheus() {
        assertThatThrownBy(() -> new DirectSource((t, v) -> Optional.empty())
                .probe(new Measure.Query("up"), TARGET, "x", INTERVAL))
                .hasMessageContaining("a PromQL query needs sextant.analysis.prometheus.url");
        assertThatThrownBy(() -> new DirectSource((t, v) -> Optional.empty())
                .probe(new Measure.Signal(SignalKind.TTFT, 0.95), TARGET, "x", INTERVAL))
                .hasMessage("backend 'vllm-shared' has no metrics endpoint for search/llama version x");
        assertThat(URI.create("http://x").getScheme()).isEqualTo("http");
    }
}
