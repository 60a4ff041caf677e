package io.sextant.appliers.sim;

import static io.sextant.appliers.sim.Specs.deployment;
import static io.sextant.appliers.sim.Specs.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.IntNode;

class SimPersistenceTest {

    @TempDir
    Path dir;

    @Test
    void applyingAnIdenticalManifestWritesNothing() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("llama", 2, "H100-80GB", 1));
            byte[] journal = Files.readAllBytes(dir.resolve("journal-0.jsonl"));

            sim.apply(deployment("llama", 2, "H100-80GB", 1));
            sim.delete(md("absent"));

            assertThat(sim.writeCount()).isEqualTo(1);
            assertThat(sim.writeCalls()).as("calls, changing or not").isEqualTo(3);
            assertThat(Files.readAllBytes(dir.resolve("journal-0.jsonl"))).isEqualTo(journal);
        }
    }

    @Test
    void aManifestReadBackFromDiskStillCountsAsIdentical() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("llama", 2, "H100-80GB", 1));
        }
        try (SimApplier restarted = Specs.sim(dir)) {
            var desired = deployment("llama", 2, "H100-80GB", 1);
            ((tools.jackson.databind.node.ObjectNode) desired.manifest().get("spec")).put("replicas", 2L);

            restarted.apply(desired);

            assertThat(restarted.writeCount()).isZero();
        }
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        List<ObservedResource> before;
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("older", 1, "H100-80GB", 4));
            sim.apply(deployment("newer", 1, "H100-80GB", 4));
            sim.apply(deployment("older", 2, "H100-80GB", 4)); // waits: GPUs are held by "newer"
            sim.apply(deployment("gone", 1, "L4-24GB", 1));
            sim.delete(md("gone"));
            sim.setField(md("newer"), "/metadata/labels/edited", IntNode.valueOf(1));
            before = sim.observeAll();
        }
        try (SimApplier restarted = Specs.sim(dir)) {
            assertThat(restarted.observeAll()).isEqualTo(before);
            assertThat(restarted.observe(md("newer")).orElseThrow().health()).isEqualTo(Health.HEALTHY);
            assertThat(restarted.observe(md("older")).orElseThrow().message()).startsWith("insufficient GPUs: 1 of 2");
        }
    }

    @Test
    void aTornLastJournalLineIsIgnored() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("a", 1, "L4-24GB", 1));
            sim.apply(deployment("b", 1, "L4-24GB", 1));
        }
        Files.writeString(dir.resolve("journal-0.jsonl"), "{\"op\":\"put\",\"kind\":\"ModelDepl",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (SimApplier restarted = Specs.sim(dir)) {
            assertThat(restarted.observeAll()).hasSize(2);
            restarted.apply(deployment("c", 1, "L4-24GB", 1)); // must start on a line of its own
        }
        try (SimApplier again = Specs.sim(dir)) {
            assertThat(again.observeAll()).extracting(o -> o.key().name()).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aCorruptRecordBeforeTheLastStopsTheBackend() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            sim.apply(deployment("a", 1, "L4-24GB", 1));
        }
        Path journal = dir.resolve("journal-0.jsonl");
        Files.writeString(journal, "garbage\n" + Files.readString(journal));

        assertThatThrownBy(() -> Specs.sim(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("journal-0.jsonl:1: unreadable journal record");
    }

    @Test
    void compactionKeepsStateAndShrinksTheJournal() throws Exception {
        Map<String, Object> gpus = Map.of("H100-80GB", 8);
        List<ObservedResource> before;
        try (SimApplier sim = Specs.sim(dir, gpus, 10)) {
            sim.apply(deployment("older", 1, "H100-80GB", 4));
            sim.apply(deployment("newer", 1, "H100-80GB", 4));
            for (int i = 0; i < 30; i++) {
                sim.apply(deployment("older", 2 + i % 2, "H100-80GB", 4));
                sim.apply(deployment("temp-" + i, 1, "L4-24GB", 1));
                sim.delete(md("temp-" + i));
            }
            before = sim.observeAll();
            assertThat(Files.exists(dir.resolve("snapshot.json"))).isTrue();
            assertThat(journals()).hasSize(1).first().matches(p -> !p.endsWith("journal-0.jsonl"));
            assertThat(Files.readAllLines(journals().get(0)).size()).isLessThanOrEqualTo(10);
        }
        try (SimApplier restarted = Specs.sim(dir, gpus, 10)) {
            assertThat(restarted.observeAll()).isEqualTo(before);
            // Placement is part of the snapshot: the running "newer" keeps its GPUs, "older" still waits.
            assertThat(restarted.observe(md("newer")).orElseThrow().health()).isEqualTo(Health.HEALTHY);
            assertThat(restarted.observe(md("older")).orElseThrow().health()).isEqualTo(Health.DEGRADED);
        }
    }

    @Test
    void gpusRemovedFromConfigurationReleaseTheNewestPlacementsOnRestart() throws Exception {
        try (SimApplier sim = Specs.sim(dir, Map.of("H100-80GB", 8), 1)) {
            sim.apply(deployment("a", 1, "H100-80GB", 4));
            sim.apply(deployment("b", 1, "H100-80GB", 4)); // compacts: placement now in the snapshot
        }
        try (SimApplier smaller = Specs.sim(dir, Map.of("H100-80GB", 4), 1)) {
            assertThat(smaller.observe(md("a")).orElseThrow().health()).isEqualTo(Health.HEALTHY);
            assertThat(smaller.observe(md("b")).orElseThrow().message())
                    .isEqualTo("insufficient GPUs: 0 of 1 replicas placed; needs 4 H100-80GB per replica, 0 of 4 free");
        }
    }

    @Test
    void aSecondApplierOnTheSameDirectoryIsRefused() throws Exception {
        try (SimApplier sim = Specs.sim(dir)) {
            assertThatThrownBy(() -> Specs.sim(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another applier");
        }
    }

    @Test
    void tenThousandResourcesRestartFromSnapshotAndJournal() throws Exception {
        Map<String, Object> gpus = Map.of("L4-24GB", 100_000);
        try (SimApplier sim = Specs.sim(dir, gpus, SimJournal.DEFAULT_MIN_COMPACT_RECORDS)) {
            for (int i = 0; i < 10_000; i++) {
                sim.apply(deployment("m-" + i, 1, "L4-24GB", 1));
            }
            for (int i = 0; i < 10_000; i += 2) {
                sim.apply(deployment("m-" + i, 2, "L4-24GB", 1));
            }
        }
        try (SimApplier restarted = Specs.sim(dir, gpus, SimJournal.DEFAULT_MIN_COMPACT_RECORDS)) {
            assertThat(restarted.observeAll()).hasSize(10_000);
            assertThat(restarted.capacity().pools().get("L4-24GB").used()).isEqualTo(15_000);
        }
    }

    private List<Path> journals() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("journal-")).toList();
        }
    }
}
