package io.sextant.appliers.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Applier;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimServingMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void everySimBackendServesVllmMetricsPerVersionGrowingWithTime() {
        Applier sim = new SimApplier("sim-local", new SimSettings(Map.of("L4", 1), Duration.ZERO, SimSettings.DEFAULT_GPUS_PER_NODE,
                SimSettings.DEFAULT_DISK_PER_NODE, SimSettings.DEFAULT_PULL_RATE), (Path) null, 0);
        SimServingMetrics metrics = SimServingMetrics.of(sim).orElseThrow();

        metrics.text("v1", T0);
        String later = metrics.text("v1", T0.plus(Duration.ofSeconds(10)));

        assertThat(line(later, "vllm:time_to_first_token_seconds_count"))
                .isEqualTo("vllm:time_to_first_token_seconds_count{engine=\"0\",model_name=\"v1\"} 200.0");
        assertThat(line(later, "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"0.25\""))
                .endsWith(" 200.0");
        assertThat(metrics.text("v2", T0)).contains("model_name=\"v2\"} 0.0");
    }

    @Test
    void aDegradedVersionIsSlowAndFailingWhileTheOthersStayHealthy() {
        SimServingMetrics metrics = new SimServingMetrics();
        metrics.text("v1", T0);
        metrics.text("v2", T0);

        metrics.degrade("v2", new SimServingMetrics.Profile(2.0, 0.05, 0.1, 20));
        String v1 = metrics.text("v1", T0.plusSeconds(10));
        String v2 = metrics.text("v2", T0.plusSeconds(10));

        assertThat(line(v2, "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"1.0\"")).endsWith(" 0.0");
        assertThat(line(v2, "vllm:request_success_total{engine=\"0\",finished_reason=\"abort\"")).endsWith(" 20.0");
        assertThat(line(v1, "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"0.25\"")).endsWith(" 200.0");
    }

    @Test
    void otherBackendsHaveNone() {
        assertThat(SimServingMetrics.of(null)).isEmpty();
    }
}
