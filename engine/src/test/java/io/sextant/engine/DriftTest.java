package io.sextant.engine;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/** Live state changed behind the engine's back is found by the drift scan, recorded once, and healed. */
class DriftTest {

    static final ResourceKey RERANKER = new ResourceKey(ModelDeployment.KIND, "ranking", "bge-reranker");

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start(boolean selfHeal) {
        return new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir, "sextant.drift.interval=1s",
                        "sextant.sync.self-heal=" + selfHeal)
                .run();
    }

    static EngineClient client(ConfigurableApplicationContext engine, Path dataDir) throws Exception {
        return new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")),
                Files.readString(dataDir.resolve("admin-token")).trim());
    }

    static DriftControl sim(ConfigurableApplicationContext engine) {
        return (DriftControl) engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
    }

    static int events(EngineClient client, String action) {
        return client.getJson("/api/v1/audit?action=" + action + "&name=bge-reranker").get("items").size();
    }

    static void awaitSynced(EngineClient client) {
        EngineClient.await("the reranker Synced", Duration.ofSeconds(60), () -> {
            JsonNode r = client.resource("ModelDeployment", "ranking", "bge-reranker");
            return r != null && r.get("sync").asString().equals("Synced") && r.get("health").asString().equals("Healthy");
        });
    }

    @Test
    void driftIsReportedOnceWithoutSelfHealAndRestoredByAManualSync() throws Exception {
        try (ConfigurableApplicationContext engine = start(false)) {
            EngineClient client = client(engine, dataDir);
            awaitSynced(client);

            sim(engine).setField(RERANKER, "/spec/replicas", IntNode.valueOf(5));

            EngineClient.await("drift detected", Duration.ofSeconds(20),
                    () -> client.resource("ModelDeployment", "ranking", "bge-reranker").get("sync").asString()
                            .equals("OutOfSync"));
            MeterRegistry meters = engine.getBean(MeterRegistry.class);
            Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"), 3, Duration.ofSeconds(30));
            assertThat(events(client, "drift-detected")).as("one event while the drift lasts").isEqualTo(1);
            assertThat(events(client, "drift-corrected")).isZero();
            JsonNode detail = client.getJson("/api/v1/resources/ModelDeployment/ranking/bge-reranker");
            assertThat(detail.get("observed").get("spec").get("replicas").asInt()).isEqualTo(5);
            assertThat(detail.get("message").asString()).contains("/spec/replicas is 5, Git says 2");
            JsonNode event = client.getJson("/api/v1/audit?action=drift-detected").get("items").get(0);
            assertThat(event.get("trigger").asString()).isEqualTo("drift");
            assertThat(event.get("diff").toString()).contains("\"from\":5", "\"value\":2");

            client.sync();
            awaitSynced(client);
            assertThat(events(client, "drift-corrected")).isEqualTo(1);
            assertThat(client.getJson("/api/v1/resources/ModelDeployment/ranking/bge-reranker")
                    .get("observed").get("spec").get("replicas").asInt()).isEqualTo(2);
        }
    }

    @Test
    void selfHealRecreatesAResourceDeletedOutOfBand() throws Exception {
        try (ConfigurableApplicationContext engine = start(true)) {
            EngineClient client = client(engine, dataDir);
            awaitSynced(client);

            sim(engine).removeOutOfBand(RERANKER);

            EngineClient.await("the reranker recreated", Duration.ofSeconds(20),
                    () -> events(client, "drift-corrected") == 1);
            awaitSynced(client);
            assertThat(events(client, "drift-detected")).isEqualTo(1);
            assertThat(engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow().observe(RERANKER)).isPresent();
            assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
        }
    }
}
