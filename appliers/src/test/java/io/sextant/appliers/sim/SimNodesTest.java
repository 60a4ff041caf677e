package io.sextant.appliers.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.SimNodes.Claim;
import io.sextant.plugin.SimNodes.Node;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

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

    private static final Map<String, String> H100 = Map.of("sextant.io/gpu-type", "H100-80GB");

    @TempDir
    Path stateDir;

    private SimDisks disks(Map<String, Object> settings) {
        return disks(settings, SimDiskState.inMemory());
    }

    private SimDisks disks(Map<String, Object> settings, SimDiskState state) {
        BackendConfig config = new BackendConfig("sim-local", "sim", settings, null);
        return new SimDisks("sim-local", SimSettings.from(config), time, state);
    }

    private static JsonNode record(String text) {
        return JsonNodeFactory.instance.objectNode().put("spec", text);
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
    void aClaimHoldsDiskOnEveryMatchingNodeAndFillsAtThePullRate() {
        SimDisks disks = disks(Map.of("gpus", Map.of("H100-80GB", 16, "L4-24GB", 8), "disk-per-node", "100Gi",
                "pull-rate", "2Gi"));

        Claim claim = disks.claim("ModelCache/search/llama", H100, 16 * GI, record("v1"));

        assertThat(claim.placed()).isTrue();
        assertThat(claim.nodes()).containsExactly("sim-local-h100-80gb-0", "sim-local-h100-80gb-1");
        assertThat(disks.nodes()).extracting(Node::freeBytes).containsExactly(84 * GI, 84 * GI, 100 * GI);
        assertThat(claim.percentFilled()).isZero();

        time.now = time.now.plus(Duration.ofSeconds(4));
        assertThat(disks.claim("ModelCache/search/llama")).get().extracting(Claim::percentFilled).isEqualTo(50);
        Claim again = disks.claim("ModelCache/search/llama", H100, 16 * GI, record("v2"));
        assertThat(again.percentFilled()).as("the same claim keeps its progress").isEqualTo(50);
        assertThat(again.record()).isEqualTo(record("v2"));
        time.now = time.now.plus(Duration.ofSeconds(10));
        assertThat(disks.claim("ModelCache/search/llama")).get().satisfies(c -> assertThat(c.filled()).isTrue());

        disks.release("ModelCache/search/llama");
        assertThat(disks.nodes()).extracting(Node::freeBytes).containsExactly(100 * GI, 100 * GI, 100 * GI);
        assertThat(disks.claim("ModelCache/search/llama")).isEmpty();
    }

    @Test
    void aClaimThatDoesNotFitWaitsSayingWhereAndIsPlacedWhenSpaceFrees() {
        SimDisks disks = disks(Map.of("gpus", Map.of("H100-80GB", 8), "disk-per-node", "100Gi"));
        disks.claim("a", Map.of(), 90 * GI, record("a"));

        Claim waiting = disks.claim("b", Map.of(), 16 * GI, record("b"));

        assertThat(waiting.placed()).isFalse();
        assertThat(waiting.waiting()).isEqualTo(
                "does not fit: needs 16Gi on each of 1 nodes (any node); sim-local-h100-80gb-0 has 10Gi free of 100Gi");
        assertThat(disks.nodes().get(0).freeBytes()).isEqualTo(10 * GI);
        assertThat(disks.claim("c", Map.of("sextant.io/gpu-type", "B200"), GI, record("c")).waiting())
                .startsWith("no node of backend 'sim-local' matches {sextant.io/gpu-type=B200}");

        disks.release("a");

        assertThat(disks.claim("b")).get().satisfies(b -> assertThat(b.placed()).isTrue());
        assertThat(disks.nodes().get(0).freeBytes()).isEqualTo(84 * GI);
    }

    @Test
    void claimsAndTheirProgressSurviveARestart() {
        Map<String, Object> settings = Map.of("gpus", Map.of("H100-80GB", 8), "disk-per-node", "100Gi", "pull-rate", "1Gi");
        SimDisks before = disks(settings, SimDiskState.in(stateDir));
        before.claim("a", Map.of(), 90 * GI, record("a"));
        before.claim("b", Map.of(), 16 * GI, record("b"));
        time.now = time.now.plus(Duration.ofSeconds(45));

        SimDisks after = disks(settings, SimDiskState.in(stateDir));

        assertThat(after.claims()).extracting(Claim::owner, Claim::percentFilled, Claim::placed, Claim::record)
                .containsExactly(tuple("a", 50, true, record("a")), tuple("b", 0, false, record("b")));
        assertThat(after.nodes().get(0).freeBytes()).isEqualTo(10 * GI);
        after.release("a");
        assertThat(disks(settings, SimDiskState.in(stateDir)).claim("b")).get()
                .satisfies(b -> assertThat(b.placed()).isTrue());
    }

    @Test
    void aSmallerDiskAfterARestartPutsAClaimThatNoLongerFitsBackToWaiting() {
        disks(Map.of("gpus", Map.of("L4", 8), "disk-per-node", "100Gi"), SimDiskState.in(stateDir))
                .claim("a", Map.of(), 90 * GI, record("a"));

        SimDisks smaller = disks(Map.of("gpus", Map.of("L4", 8), "disk-per-node", "50Gi"), SimDiskState.in(stateDir));

        assertThat(smaller.claim("a")).get().extracting(Claim::waiting)
                .isEqualTo("does not fit: needs 90Gi on each of 1 nodes (any node); sim-local-l4-0 has 50Gi free of 50Gi");
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
