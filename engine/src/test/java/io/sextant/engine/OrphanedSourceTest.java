package io.sextant.engine;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.Applier;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.api.LocalRepositories;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A source that leaves the configuration (here: the whole configuration is gone, as when application.yaml
 * is not where Spring Boot looks) leaves its resources behind. After the restart they are reported as
 * orphans, not "Synced" from a source that does not exist, and their live state stays until pruning is
 * asked for; meanwhile the engine says it runs the sample fleet.
 */
class OrphanedSourceTest {

    private static final ResourceKey ORPHAN = new ResourceKey(ModelDeployment.KIND, "orphans", "bge-left-behind");

    @TempDir
    Path tmp;

    ConfigurableApplicationContext start(String... settings) {
        List<String> properties = new ArrayList<>(List.of("server.port=0", "sextant.data-dir=" + tmp.resolve("data"),
                "sextant.api.admin-token=orphan-admin-token"));
        properties.addAll(List.of(settings));
        return new SpringApplicationBuilder(SextantApplication.class).properties(properties.toArray(String[]::new)).run();
    }

    static EngineClient client(ConfigurableApplicationContext engine) {
        return new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")),
                "orphan-admin-token");
    }

    static boolean live(ConfigurableApplicationContext engine) throws Exception {
        Applier sim = engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
        return sim.observe(ORPHAN).isPresent();
    }

    @Test
    void resourcesOfASourceNoLongerConfiguredAreReportedAsOrphansAndPrunedOnlyWhenAsked() throws Exception {
        Path repo = tmp.resolve("fleet-repo");
        String spec = Files.readString(Path.of("../sample-repo/teams/embeddings/bge-large-en.yaml"))
                .replace("name: bge-large-en", "name: bge-left-behind").replace("namespace: embeddings", "namespace: orphans");
        LocalRepositories.createWithFiles(repo, "main", Map.of("deploy/bge.yaml", spec.getBytes(StandardCharsets.UTF_8)),
                "one deployment");

        try (ConfigurableApplicationContext engine = start("sextant.sources[0].name=fleet",
                "sextant.sources[0].url=" + repo)) {
            EngineClient client = client(engine);
            EngineClient.await("the fleet's deployment Synced", Duration.ofSeconds(60),
                    () -> {
                        JsonNode item = client.resource("ModelDeployment", "orphans", "bge-left-behind");
                        return item != null && item.get("sync").asString().equals("Synced");
                    });
        }

        try (ConfigurableApplicationContext engine = start()) {
            EngineClient client = client(engine);
            JsonNode orphan = client.resource("ModelDeployment", "orphans", "bge-left-behind");
            assertThat(orphan.get("sync").asString()).isEqualTo("Unknown");
            assertThat(orphan.get("message").asString())
                    .isEqualTo("source 'fleet' is no longer configured; live state left as it is");
            JsonNode overview = client.getJson("/api/v1/overview");
            assertThat(overview.get("orphans").get("resources").asInt()).isEqualTo(1);
            assertThat(overview.get("orphans").get("sources").get(0).asString()).isEqualTo("fleet");
            assertThat(overview.get("embeddedSample").asBoolean()).isTrue();
            assertThat(overview.get("notice").asString())
                    .isEqualTo("Running the embedded sample fleet (no sextant configuration given)");
            assertThat(live(engine)).as("live state left as it is").isTrue();
        }

        try (ConfigurableApplicationContext engine = start("sextant.orphans.prune=true")) {
            EngineClient client = client(engine);
            EngineClient.await("the orphan pruned", Duration.ofSeconds(30), () -> !client.getJson("/api/v1/resources")
                    .toString().contains("bge-left-behind"));
            assertThat(live(engine)).as("deleted from the backend").isFalse();
            assertThat(client.getJson("/api/v1/audit?name=bge-left-behind").get("items").get(0).get("action").asString())
                    .isEqualTo("delete");
            assertThat(client.getJson("/api/v1/overview").get("orphans").get("resources").asInt()).isZero();
        }
    }
}
