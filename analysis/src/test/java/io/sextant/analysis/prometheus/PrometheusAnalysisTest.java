package io.sextant.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.AnalysisScheduler;
import io.sextant.analysis.Measure;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.Phase;
import io.sextant.analysis.Reading;
import io.sextant.analysis.Target;
import io.sextant.analysis.Verdict;
import io.sextant.analysis.VllmEmulator;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Analysis through a real Prometheus scraping emulated vLLM servers every second: the stable version,
 * a healthy canary and a canary whose time to first token breaks its SLO. The analysis runs on real
 * time here (Prometheus does), so the test waits for outcomes with a deadline, never a fixed sleep.
 */
class PrometheusAnalysisTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String P95_TTFT = "histogram_quantile(0.95, sum by (le) (rate("
            + "vllm:time_to_first_token_seconds_bucket{version=\"{{version}}\"}[{{interval}}])))";
    private static final String ERROR_RATE = "sum(rate(vllm:request_success_total{version=\"{{version}}\","
            + "finished_reason=~\"abort|error\"}[{{interval}}])) / sum(rate(vllm:request_success_total{"
            + "version=\"{{version}}\"}[{{interval}}]))";

    @TempDir
    static Path dir;
    private static VllmEmulator stable;
    private static VllmEmulator healthy;
    private static VllmEmulator slow;
    private static PrometheusServer prometheus;
    private static PrometheusSource source;

    @BeforeAll
    static void start() throws Exception {
        PrometheusServer.assumeInstalled();
        stable = emulator("llama-v1");
        healthy = emulator("llama-v2");
        slow = emulator("llama-v3");
        slow.ttftSeconds = 1.5;
        prometheus = PrometheusServer.start(dir, Map.of(stable.target(), "llama-v1", healthy.target(), "llama-v2",
                slow.target(), "llama-v3"));
        source = new PrometheusSource(HttpClient.newHttpClient(), prometheus.url(), Optional.empty(),
                Duration.ofSeconds(5));
        // Prometheus scrapes each target on its own schedule: every version must have data before a run starts.
        for (String version : List.of("llama-v1", "llama-v2", "llama-v3")) {
            awaitData(version);
        }
    }

    private static VllmEmulator emulator(String model) throws Exception {
        VllmEmulator e = new VllmEmulator(model);
        e.requestsPerSecond = 40;
        return e;
    }

    /**
     * Until Prometheus has scraped enough to answer a rate over one interval, for every query the SLOs ask: the
     * error rate's series appear a scrape later than the latency's on a loaded machine.
     */
    private static void awaitData(String version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String template : List.of(P95_TTFT, ERROR_RATE)) {
            String query = QueryTemplate.render(template, target(version).variables(version), INTERVAL);
            while (!(source.run(query) instanceof Reading.Value)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Prometheus has no data for " + version + ": " + source.run(query));
                }
                Thread.sleep(200);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (VllmEmulator e : new VllmEmulator[] {stable, healthy, slow}) {
            if (e != null) {
                e.close();
            }
        }
    }

    private static Target target(String canary) {
        return new Target("search", "llama", "vllm-shared", canary, "llama-v1");
    }

    private static List<MetricSpec> slos() {
        return List.of(MetricSpec.of("ttft", new Measure.Query(P95_TTFT), "p95 ttft < 500ms", INTERVAL, 2),
                MetricSpec.of("errors", new Measure.Query(ERROR_RATE), "error rate <= stable + 0.5%", INTERVAL, 2));
    }

    /** Ticks the scheduler on real time until the run ends, at most {@code limit}. */
    private static AnalysisRun run(String canary, Duration limit) throws Exception {
        AnalysisScheduler scheduler = new AnalysisScheduler(Clock.systemUTC(), Runnable::run,
                new AnalysisScheduler.Listener() {
                    @Override
                    public void measured(AnalysisRun run, Measurement measurement) {
                    }

                    @Override
                    public void finished(AnalysisRun run) {
                    }
                });
        AnalysisRun run = scheduler.start(canary, slos(), target(canary), source);
        Instant deadline = Instant.now().plus(limit);
        while (!run.phase().done() && Instant.now().isBefore(deadline)) {
            scheduler.tick();
            Thread.sleep(50);
        }
        return run;
    }

    @Test
    void aHealthyCanaryIsSuccessful() throws Exception {
        AnalysisRun run = run("llama-v2", INTERVAL.multipliedBy(4));

        assertThat(run.phase()).as(run.measurements().toString()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(run.measurements()).filteredOn(m -> m.metric().equals("ttft"))
                .allSatisfy(m -> assertThat(m.canary()).isLessThan(0.25));
        assertThat(run.measurements()).filteredOn(m -> m.metric().equals("errors"))
                .allSatisfy(m -> assertThat(m.stable()).isEqualTo(0.0));
    }

    @Test
    void aCanaryWhoseTimeToFirstTokenBreaksItsSloFailsWithinTwoIntervals() throws Exception {
        Instant started = Instant.now();
        AnalysisRun run = run("llama-v3", INTERVAL.multipliedBy(2).plusMillis(500));

        assertThat(run.phase()).as(run.measurements().toString()).isEqualTo(Phase.FAILED);
        assertThat(run.message()).startsWith("metric 'ttft' (p95 ttft < 500ms)");
        Measurement failed = run.measurements().stream().filter(m -> m.verdict() == Verdict.FAILED).findFirst()
                .orElseThrow();
        assertThat(failed.canary()).isGreaterThan(1.0);
        assertThat(failed.time()).isBefore(started.plus(INTERVAL.multipliedBy(2)).plusMillis(500));
    }

    @Test
    void scalarAndOneSeriesVectorsAreValuesAndAnEmptyVectorIsNoData() {
        assertThat(source.run("2 * 21")).isEqualTo(new Reading.Value(42));
        assertThat(source.run("vector(0.25)")).isEqualTo(new Reading.Value(0.25));
        assertThat(source.run("vllm:num_requests_waiting{version=\"nope\"}"))
                .isEqualTo(new Reading.NoData("the query returned no series"));
        assertThat(source.run("vllm:num_requests_waiting")).isInstanceOf(Reading.Failure.class)
                .extracting(r -> ((Reading.Failure) r).message()).asString()
                .startsWith("the query returned 3 series; aggregate it to one");
    }

    @Test
    void prometheusErrorsAreReportedWithTheirTypeAndMessage() {
        Reading bad = source.run("sum(rate(vllm:request_success_total[2s])");
        Reading matrix = source.run("vllm:num_requests_waiting[5s]");

        assertThat(((Reading.Failure) bad).message()).startsWith("Prometheus refused the query (bad_data): ")
                .contains("query: sum(rate(vllm:request_success_total[2s])");
        assertThat(((Reading.Failure) matrix).message()).startsWith("the query returned a matrix");
    }
}
