package io.sextant.appliers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.DriftControl;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.appliers.api.WriteCounting;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimApplierFactoryTest {

    @Test
    void serviceLoaderFindsTheSimType() throws Exception {
        assertThat(Appliers.discover()).containsKey("sim");

        try (Applier applier = Appliers.create(config(Map.of("gpus", Map.of("H100-80GB", 8))))) {
            assertThat(applier.name()).isEqualTo("sim-local");
            assertThat(applier.type()).isEqualTo("sim");
            assertThat(applier).isInstanceOf(DriftControl.class).isInstanceOf(WriteCounting.class);
        }
    }

    @Test
    void acceptsCountsAsBoundBySpring() throws Exception {
        Map<String, Object> gpus = Map.of("H100-80GB", 8, "A100-40GB", 4L, "L4-24GB", " 2 ");
        try (Applier applier = new SimApplierFactory().create(config(Map.of("gpus", gpus)))) {
            assertThat(applier.capacity().pools()).isEqualTo(Map.of("H100-80GB", new GpuCapacity.Pool(8, 0),
                    "A100-40GB", new GpuCapacity.Pool(4, 0), "L4-24GB", new GpuCapacity.Pool(2, 0)));
        }
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(Map.of(), "setting 'gpus' must be a map of GPU type to count"),
                Arguments.of(Map.of("gpus", "8"), "setting 'gpus' must be a map of GPU type to count"),
                Arguments.of(Map.of("gpus", Map.of("H100-80GB", "eight")), "setting 'gpus.H100-80GB' must be a whole number"),
                Arguments.of(Map.of("gpus", Map.of("H100-80GB", -1)), "setting 'gpus.H100-80GB' must be a whole number"),
                Arguments.of(Map.of("gpus", Map.of("H100-80GB", 1.5)), "setting 'gpus.H100-80GB' must be a whole number"),
                Arguments.of(Map.of("gpus", Map.of("H100-80GB", 8L << 32)), "setting 'gpus.H100-80GB' must be a whole number"),
                Arguments.of(Map.of("gpus", Map.of("L4", 1), "latency", "fast"), "setting 'latency' must be a duration"),
                Arguments.of(Map.of("gpus", Map.of("L4", 1), "latency", "-PT1S"), "setting 'latency' must not be negative"));
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void badSettingsNameTheBackendAndTheSetting(Map<String, Object> settings, String message) {
        assertThatThrownBy(() -> new SimApplierFactory().create(config(settings)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("backend 'sim-local' (type sim): ")
                .hasMessageContaining(message);
    }

    @Test
    void readsLatencyInBothSpellings() {
        assertThat(SimSettings.latency("10ms", "latency")).isEqualTo(Duration.ofMillis(10));
        assertThat(SimSettings.latency("2s", "latency")).isEqualTo(Duration.ofSeconds(2));
        assertThat(SimSettings.latency("PT0.25S", "latency")).isEqualTo(Duration.ofMillis(250));
        assertThat(SimSettings.latency(15, "latency")).isEqualTo(Duration.ofMillis(15));
        assertThat(SimSettings.latency(null, "latency")).isZero();
    }

    @Test
    void latencyIsAddedToEveryCall() throws Exception {
        try (Applier applier = new SimApplierFactory().create(config(Map.of("gpus", Map.of("L4", 1), "latency", "30ms")))) {
            long start = System.nanoTime();
            applier.capacity();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
        }
    }

    private static BackendConfig config(Map<String, Object> settings) {
        return new BackendConfig("sim-local", "sim", settings, null);
    }
}
