package io.sextant.appliers.sim;

import static io.sextant.appliers.sim.Specs.deployment;
import static io.sextant.appliers.sim.Specs.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.plugin.BackendException;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

class SimDriftControlTest {

    @TempDir
    Path dir;

    @Test
    void anOutOfBandEditChangesWhatObserveReturnsAndThePlacement() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("llama", 1, "H100-80GB", 2));

            sim.setField(md("llama"), "/spec/replicas", IntNode.valueOf(3));

            ObservedResource live = sim.observe(md("llama")).orElseThrow();
            assertThat(live.manifest().at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(live.message()).isEqualTo("3 of 3 replicas placed on H100-80GB (2 per replica)");
            assertThat(sim.capacity().pools().get("H100-80GB")).isEqualTo(new GpuCapacity.Pool(8, 6));
            assertThat(sim.writeCount()).as("drift is not the engine's write").isEqualTo(1);
        }
    }

    @Test
    void observeReturnsExactlyTheStoredManifest() throws Exception {
        try (SimApplier sim = Specs.sim(null)) {
            var desired = deployment("llama", 1, "L4-24GB", 1);
            sim.apply(desired);
            assertThat(sim.observe(md("llama")).orElseThrow().manifest()).isEqualTo(desired.manifest());

            sim.observe(md("llama")).orElseThrow().manifest().withObjectProperty("spec").put("replicas", 9);
            assertThat(sim.observe(md("llama")).orElseThrow().manifest()).as("callers get copies")
                    .isEqualTo(desired.manifest());
        }
    }

    @Test
    void setFieldCreatesIntermediateObjectsAndEscapes() throws Exception {
        try (SimApplier sim = Specs.sim(null)) {
            sim.apply(deployment("llama", 1, "L4-24GB", 1));

            sim.setField(md("llama"), "/metadata/annotations/example.com~1owner", StringNode.valueOf("ops"));

            assertThat(sim.observe(md("llama")).orElseThrow().manifest().at("/metadata/annotations")
                    .get("example.com/owner").asString()).isEqualTo("ops");
        }
    }

    @Test
    void driftOfTheGpuTypeDegradesTheDeployment() throws Exception {
        try (SimApplier sim = Specs.sim(null)) {
            sim.apply(deployment("llama", 1, "H100-80GB", 2));

            sim.setField(md("llama"), "/spec/resources/gpu/type", StringNode.valueOf("B200"));

            assertThat(sim.observe(md("llama")).orElseThrow().health()).isEqualTo(Health.DEGRADED);
            assertThat(sim.capacity().pools().get("H100-80GB").used()).isZero();
        }
    }

    @Test
    void setFieldOnAnAbsentResourceOrThroughAScalarIsRefused() throws Exception {
        try (SimApplier sim = Specs.sim(null)) {
            assertThatThrownBy(() -> sim.setField(md("nope"), "/spec/replicas", IntNode.valueOf(1)))
                    .isInstanceOf(BackendException.class).hasMessageContaining("does not exist");
            sim.apply(deployment("llama", 1, "L4-24GB", 1));
            assertThatThrownBy(() -> sim.setField(md("llama"), "/spec/replicas/x", IntNode.valueOf(1)))
                    .isInstanceOf(BackendException.class).hasMessageContaining("/spec/replicas/x");
        }
    }

    @Test
    void removingOutOfBandFreesGpusAndSurvivesARestart() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("llama", 1, "H100-80GB", 8));
            sim.setField(md("llama"), "/spec/replicas", IntNode.valueOf(0));
            sim.apply(deployment("other", 1, "L4-24GB", 1));
            sim.removeOutOfBand(md("other"));

            assertThat(sim.observe(md("other"))).isEmpty();
            assertThat(sim.writeCount()).isEqualTo(2);
        }
        try (SimApplier restarted = Specs.sim(dir)) {
            assertThat(restarted.observe(md("other"))).isEmpty();
            assertThat(restarted.observe(md("llama")).orElseThrow().manifest().at("/spec/replicas").asInt()).isZero();
        }
    }

    @Test
    void concurrentCallsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SimApplier sim = Specs.sim(dir)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                calls.add(pool.submit(() -> sim.apply(deployment("m-" + n, 1, "L4-24GB", 0))));
                calls.add(pool.submit(sim::observeAll));
            }
            for (Future<?> call : calls) {
                call.get();
            }
            assertThat(sim.writeCount()).isEqualTo(200);
            assertThat(sim.observeAll()).hasSize(200).allMatch(o -> o.health() == Health.HEALTHY);
        } finally {
            pool.shutdownNow();
        }
        try (SimApplier restarted = Specs.sim(dir)) {
            assertThat(restarted.observeAll()).hasSize(200);
        }
    }
}
