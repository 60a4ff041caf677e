package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.WriteCounting;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Reconciler;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 in the middle of a sync: after a restart the live state equals the commit's specs, every
 * backend write happened once, and every step has exactly one audit event in a valid chain.
 */
class CrashRecoveryTest {

    static final Map<String, Object> GPUS = Map.of("H100-80GB", 8, "A100-40GB", 8, "L4-24GB", 8);

    @TempDir
    Path dataDir;

    Process startSlowEngineProcess(int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                SextantApplication.class.getName(), "--server.port=" + port, "--sextant.data-dir=" + dataDir,
                "--sextant.sample.enabled=true", "--sextant.backends[0].name=sim-local", "--sextant.backends[0].type=sim",
                // Every backend call takes 400 ms, so the kill lands mid-sync.
                "--sextant.backends[0].latency=400ms"));
        GPUS.forEach((type, count) -> command.add("--sextant.backends[0].gpus[" + type + "]=" + count));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log().toFile()).start();
    }

    Path log() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-engine.log");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static long creates(EngineClient client) {
        try {
            return client.getJson("/api/v1/audit?action=create").get("items").size();
        } catch (AssertionError | RuntimeException notUpYet) {
            return 0;
        }
    }

    @Test
    void killedMidSyncTheEngineFinishesOnRestartWithoutDoubleWritesOrLostEvents() throws Exception {
        int port = freePort();
        Process engine = startSlowEngineProcess(port);
        try {
            EngineClient client = new EngineClient(port, null);
            EngineClient.await("two resources created", Duration.ofSeconds(240), () -> {
                if (!engine.isAlive()) {
                    throw new AssertionError("the engine process exited early; see " + log());
                }
                return creates(client) >= 2;
            });
        } finally {
            engine.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
            engine.waitFor();
        }

        int liveBeforeRestart;
        try (Applier sim = Appliers.create(new BackendConfig("sim-local", "sim", Map.of("gpus", GPUS),
                dataDir.resolve("backends/sim-local")))) {
            liveBeforeRestart = sim.observeAll().size();
        }
        assertThat(liveBeforeRestart).as("the kill landed mid-sync").isBetween(2, 6);

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir).run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")),
                    Files.readString(dataDir.resolve("admin-token")).trim());
            Reconciler reconciler = restarted.getBean(Reconciler.class);
            EngineClient.await("every sample resource Synced", Duration.ofSeconds(60), () -> {
                JsonNode items = client.getJson("/api/v1/resources").get("items");
                int synced = 0;
                for (JsonNode item : items) {
                    synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
                }
                return synced == 7;
            });
            assertThat(reconciler.awaitIdle(30_000)).isTrue();

            long writes = ((WriteCounting) restarted.getBean(BackendRegistry.class).find("sim-local").orElseThrow())
                    .writeCalls();
            assertThat(writes).as("only what was not live yet is written after the restart")
                    .isEqualTo(7 - liveBeforeRestart);
            JsonNode events = client.getJson("/api/v1/audit?limit=10000").get("items");
            Set<String> resources = new HashSet<>();
            for (JsonNode event : events) {
                assertThat(event.get("action").asString()).isEqualTo("create");
                assertThat(resources.add(event.get("resource").toString()))
                        .as("one event per step: " + event.get("resource")).isTrue();
            }
            assertThat(resources).hasSize(7);
            assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
        }
    }

}
