package io.sextant.appliers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.SimNodes;
import io.sextant.plugin.SimNodes.DoesNotFit;
import io.sextant.plugin.SimNodes.Node;
import io.sextant.plugin.SimNodes.Reservation;
import io.sextant.plugin.SimNodes.Reserved;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimNodesTest {

    private static final long GI = 1L << 30;

    /** A clock the test moves. */
    private static final class Time extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Time time = new Time();

    private SimDisks disks(Map<String, Object> settings) {
        BackendConfig config = new BackendConfig("sim-local", "sim", settings, null);
        return new SimDisks("sim-local", SimSettings.from(config), time);
    }

    @Test
    void nodesComeFromTheGpuInventoryWithTheirDisk() {
        SimDisks disks = disks(Map.of("gpus", Map.of("H100-80GB", 16, "L4-24GB", 4), "disk-per-node", "500Gi"));

        assertThat(disks.nodes()).extracting(Node::name).containsExactly(
                "sim-local-h100-80gb-0", "sim-local-h100-80gb-1", "sim-local-l4-24gb-0");
        assertThat(disks.nodes()).allSatisfy(n -> assertThat(n.freeBytes()).isEqualTo(500 * GI));
        assertThat(disks.nodes().get(2).labels()).containsEntry("sextant.io/gpu-type", "L4-24GB");
    }

    @Test
    void aReservationHoldsDiskOnEveryMatchingNodeAndFillsAtThePullRate() {
        SimDisks disks = disks(Map.of("gpus", Map.of("H100-80GB", 16, "L4-24GB", 8), "disk-per-node", "100Gi",
                "pull-rate", "2Gi"));

        SimNodes.Outcome outcome = disks.reserve("ModelCache/search/llama", Map.of("sextant.io/gpu-type", "H100-80GB"), 16 * GI);

        assertThat(outcome).isInstanceOf(Reserved.class);
        assertThat(((Reserved) outcome).reservation().nodes()).containsExactly("sim-local-h100-80gb-0", "sim-local-h100-80gb-1");
        assertThat(disks.nodes()).extracting(Node::freeBytes).containsExactly(84 * GI, 84 * GI, 100 * GI);
        assertThat(disks.reservation("ModelCache/search/llama")).get().extracting(Reservation::percentFilled).isEqualTo(0);

        time.now = time.now.plus(Duration.ofSeconds(4));
        assertThat(disks.reservation("ModelCache/search/llama")).get().extracting(Reservation::percentFilled).isEqualTo(50);
        disks.reserve("ModelCache/search/llama", Map.of("sextant.io/gpu-type", "H100-80GB"), 16 * GI);
        time.now = time.now.plus(Duration.ofSeconds(10));
        assertThat(disks.reservation("ModelCache/search/llama")).get().satisfies(r -> assertThat(r.filled()).isTrue());

        disks.release("ModelCache/search/llama");
        assertThat(disks.nodes()).extracting(Node::freeBytes).containsExactly(100 * GI, 100 * GI, 100 * GI);
        assertThat(disks.reservation("ModelCache/search/llama")).isEmpty();
    }

    @Test
    void aCacheThatDoesNotFitHoldsNothingAndSaysWhere() {
        SimDisks disks = disks(Map.of("gpus", Map.of("H100-80GB", 8), "disk-per-node", "100Gi"));
        disks.reserve("a", Map.of(), 90 * GI);

        SimNodes.Outcome outcome = disks.reserve("b", Map.of(), 16 * GI);

        assertThat(outcome).isInstanceOf(DoesNotFit.class);
        assertThat(((DoesNotFit) outcome).message()).isEqualTo(
                "does not fit: needs 16Gi on each of 1 nodes (any node); sim-local-h100-80gb-0 has 10Gi free of 100Gi");
        assertThat(disks.reservation("b")).isEmpty();
        assertThat(((DoesNotFit) disks.reserve("c", Map.of("sextant.io/gpu-type", "B200"), GI)).message())
                .startsWith("no node of backend 'sim-local' matches {sextant.io/gpu-type=B200}");
    }

    @Test
    void badNodeSettingsNameTheSetting() {
        assertThatThrownBy(() -> disks(Map.of("gpus", Map.of("L4", 1), "disk-per-node", "lots")))
                .hasMessage("backend 'sim-local' (type sim): setting 'disk-per-node' must be a size such as 500Gi,"
                        + " 2Ti or 1.5T, got 'lots'");
        assertThatThrownBy(() -> disks(Map.of("gpus", Map.of("L4", 1), "gpus-per-node", 0)))
                .hasMessageContaining("setting 'gpus-per-node' must be at least 1");
        assertThatThrownBy(() -> disks(Map.of("gpus", Map.of("L4", 1), "pull-rate", "0")))
                .hasMessageContaining("setting 'pull-rate' must be more than 0 bytes a second");
    }
}
