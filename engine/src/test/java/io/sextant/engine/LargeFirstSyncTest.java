package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A first sync of more specs than the engine records per transaction: every step still has exactly
 * one audit event, committed with its journal mark, in a chain that verifies on the server and from
 * the served JSON alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LargeFirstSyncTest {

    static final int SPECS = 450; // more than two recording transactions' worth
    static final Path ROOT;
    static final Path WORK;

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-large");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            for (int i = 0; i < SPECS; i++) {
                GitCli.writeFile(WORK, "teams/team-" + (i % 9) + "/model-" + i + ".yaml", deployment(i));
            }
            GitCli.commitAll(WORK, "Import " + SPECS + " deployments");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Every fourth depends on the one before, so the plan has more than one wave. */
    static String deployment(int i) {
        String dependsOn = i % 4 == 3 ? "  dependsOn: [ModelDeployment/team-" + ((i - 1) % 9) + "/model-" + (i - 1) + "]\n" : "";
        return "apiVersion: sextant.io/v1\nkind: ModelDeployment\n"
                + "metadata: {name: model-" + i + ", namespace: team-" + (i % 9) + ", labels: {n: \"" + i + "\"}}\n"
                + "spec:\n  backend: sim-local\n  model: {uri: hf://acme/model-" + (i % 13) + "}\n"
                + "  runtime: {engine: vllm, args: {max-model-len: 8192, gpu-memory-utilization: 0.9}}\n"
                + "  resources: {gpu: {type: H100-80GB, count: 1}}\n  replicas: " + (1 + i % 2) + "\n" + dependsOn;
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> WORK.toString());
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> String.valueOf(2 * SPECS));
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyStepHasOneEventDoneInTheSameTransactionInAChainThatVerifies() throws Exception {
        EngineClient client = new EngineClient(port, null);
        EngineClient.await("every resource Synced", Duration.ofSeconds(120), () -> {
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            int synced = 0;
            for (JsonNode item : items) {
                synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
            }
            return synced == SPECS;
        });
        assertThat(reconciler.awaitIdle(60_000)).isTrue();

        JsonNode events = client.getJson("/api/v1/audit?limit=" + (2 * SPECS)).get("items");
        Set<String> resources = new HashSet<>();
        for (JsonNode event : events) {
            assertThat(event.get("action").asString()).isEqualTo("create");
            assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
            resources.add(event.get("resource").get("namespace").asString() + "/" + event.get("resource").get("name").asString());
        }
        assertThat(events).hasSize(SPECS);
        assertThat(resources).as("one event per resource").hasSize(SPECS);
        JsonNode verify = client.getJson("/api/v1/audit/verify");
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("events").asLong()).isEqualTo(SPECS);
        assertThat(firstBrokenInServedJson(events)).as("first event that does not verify from the served JSON").isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_step").query(Long.class).single()).isEqualTo(SPECS);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM sync_step WHERE done = FALSE").query(Long.class).single()).isZero();
    }

    /** DESIGN.md section 6 recomputed with nothing but a JSON library and RFC 8785's reference code. */
    static Long firstBrokenInServedJson(JsonNode newestFirst) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> items = new ArrayList<>();
        newestFirst.forEach(items::add);
        items.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        String prevHash = "0".repeat(64);
        for (JsonNode item : items) {
            ObjectNode withoutHash = ((ObjectNode) item).deepCopy();
            withoutHash.remove("hash");
            String canonical = new JsonCanonicalizer(json.writeValueAsString(withoutHash)).getEncodedString();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((prevHash + canonical).getBytes(StandardCharsets.UTF_8)));
            if (!item.get("prevHash").asString().equals(prevHash) || !hash.equals(item.get("hash").asString())) {
                return item.get("id").asLong();
            }
            prevHash = hash;
        }
        return null;
    }
}
