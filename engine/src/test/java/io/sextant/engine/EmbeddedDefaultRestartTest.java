package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.WriteCounting;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Reconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The quick start with no configuration at all: the engine makes a Git repository from the sample
 * repository (here the copy inside the build, as from the jar), syncs it to {@code sim}, and after a
 * restart re-applies nothing.
 */
class EmbeddedDefaultRestartTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir)
                .run();
    }

    static EngineClient client(ConfigurableApplicationContext engine, Path dataDir) throws Exception {
        int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        return new EngineClient(port, Files.readString(dataDir.resolve("admin-token")).trim());
    }

    static long writes(ConfigurableApplicationContext engine) {
        return ((WriteCounting) engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow()).writeCalls();
    }

    @Test
    void syncsTheSampleRepositoryAndRestartsWithoutReapplyingAnything() throws Exception {
        int events;
        try (ConfigurableApplicationContext engine = start()) {
            EngineClient client = client(engine, dataDir);
            EngineClient.await("all sample resources Synced/Healthy", Duration.ofSeconds(60), () -> {
                JsonNode items = client.getJson("/api/v1/resources").get("items");
                return items.size() == 7 && stream(items).allMatch(i -> i.get("sync").asString().equals("Synced")
                        && i.get("health").asString().equals("Healthy"));
            });
            assertThat(Files.isDirectory(dataDir.resolve("sample-repo/.git"))).as("a repository users can commit to").isTrue();
            assertThat(Files.exists(dataDir.resolve("sample-repo/teams/search/chat-route.yaml"))).isTrue();
            JsonNode source = client.getJson("/api/v1/sources").get("items").get(0);
            assertThat(source.get("name").asString()).isEqualTo("sample");
            assertThat(source.get("lastFetchedCommit").get("message").asString())
                    .isEqualTo("Import the Sextant sample repository");
            events = client.getJson("/api/v1/audit?limit=10000").get("items").size();
            assertThat(events).isEqualTo(7);
            assertThat(writes(engine)).isEqualTo(7);
        }

        try (ConfigurableApplicationContext engine = start()) {
            EngineClient client = client(engine, dataDir);
            Reconciler reconciler = engine.getBean(Reconciler.class);
            EngineClient.await("the first reconcile after restart", Duration.ofSeconds(60),
                    () -> client.getJson("/api/v1/sources").get("items").get(0).get("lastReconciledAt") != null
                            && !client.getJson("/api/v1/sources").get("items").get(0).get("lastReconciledAt").isNull());
            assertThat(reconciler.awaitIdle(30_000)).isTrue();

            assertThat(writes(engine)).as("backend writes after restart").isZero();
            assertThat(client.getJson("/api/v1/audit?limit=10000").get("items")).hasSize(events);
            assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            assertThat(stream(items)).hasSize(7).allMatch(i -> i.get("sync").asString().equals("Synced"));
        }
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
