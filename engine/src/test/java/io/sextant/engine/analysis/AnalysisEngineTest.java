package io.sextant.engine.analysis;

import io.sextant.engine.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.analysis.Measure;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.SignalKind;
import io.sextant.analysis.Target;
import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.backend.BackendRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Canary analysis in the real engine on its embedded default (the sim backend): the engine's clock is
 * moved by hand and the analysis ticked by hand, measurements land in the database, and the API shows
 * canary against stable over time.
 */
class AnalysisEngineTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-12-03T08:00:00Z");
    private static final MutableClock CLOCK = new MutableClock(START);

    @TempDir
    static Path root;
    private static ConfigurableApplicationContext engine;
    private static AnalysisService analyses;
    private static SimServingMetrics sim;
    private static EngineClient client;

    @BeforeAll
    static void start() {
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                        "sextant.analysis.tick=0s", "sextant.analysis.threads=0")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run();
        analyses = engine.getBean(AnalysisService.class);
        sim = engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow();
        client = new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private static List<MetricSpec> slos() {
        return List.of(
                MetricSpec.of("ttft", new Measure.Signal(SignalKind.TTFT, 0.95), "p95 ttft < 500ms", INTERVAL, 3),
                MetricSpec.of("errors", new Measure.Signal(SignalKind.ERROR_RATE, 0), "error rate <= stable + 0.5%",
                        INTERVAL, 3));
    }

    private static JsonNode metric(JsonNode detail, String name) {
        for (JsonNode m : detail.get("metrics")) {
            if (m.get("name").asString().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + detail);
    }

    private static void interval() {
        CLOCK.advance(INTERVAL);
        analyses.tick();
    }

    @Test
    void aHealthySimCanaryIsSuccessfulAndTheApiShowsCanaryAgainstStable() {
        String id = analyses.start(slos(), new Target("search", "llama-3-8b-chat", "sim-local", "rev-b", "rev-a"));

        interval();
        interval();
        interval();

        JsonNode detail = client.getJson("/api/v1/analyses/" + id);
        assertThat(detail.at("/analysis/phase").asString()).isEqualTo("SUCCESSFUL");
        assertThat(detail.at("/analysis/canary").asString()).isEqualTo("rev-b");
        JsonNode errors = metric(detail, "errors");
        assertThat(errors.at("/name").asString()).isEqualTo("errors");
        assertThat(errors.at("/condition").asString()).isEqualTo("error rate <= stable + 0.5%");
        assertThat(errors.at("/points")).hasSize(3);
        assertThat(errors.at("/points/0/stable").asDouble()).isEqualTo(0.002, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(metric(detail, "ttft").at("/points/2/canary").asDouble()).isBetween(0.1, 0.25);
        assertThat(client.getJson("/api/v1/analyses?namespace=search&name=llama-3-8b-chat").at("/items/0/id")
                .asString()).isEqualTo(id);
    }

    @Test
    void aDegradedSimCanaryFailsWithinTwoIntervalsAndTheFailingMeasurementIsKept() {
        String id = analyses.start(slos(), new Target("search", "mistral", "sim-local", "rev-slow", "rev-a"));
        Instant started = CLOCK.instant();

        interval();
        sim.degrade("rev-slow", new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        interval();

        JsonNode run = client.getJson("/api/v1/analyses/" + id).at("/analysis");
        assertThat(run.at("/phase").asString()).isEqualTo("FAILED");
        assertThat(run.at("/message").asString()).startsWith("metric 'ttft' (p95 ttft < 500ms): 1 failed");
        assertThat(Instant.parse(run.at("/finishedAt").asString())).isBeforeOrEqualTo(started.plus(INTERVAL.multipliedBy(2)));
        JsonNode failed = metric(client.getJson("/api/v1/analyses/" + id), "ttft").at("/points/1");
        assertThat(failed.at("/verdict").asString()).isEqualTo("FAILED");
        assertThat(failed.at("/canary").asDouble()).isGreaterThan(1.0);
    }

    @Test
    void aQueryWithoutPrometheusIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> analyses.start(List.of(MetricSpec.of("ttft", new Measure.Query("up"), "x < 1",
                INTERVAL, 1)), new Target("search", "x", "sim-local", "a", null)))
                .hasMessageContaining("sextant.analysis.prometheus.url");
        assertThat(client.get("/api/v1/analyses/nope").statusCode()).isEqualTo(404);
    }
}
