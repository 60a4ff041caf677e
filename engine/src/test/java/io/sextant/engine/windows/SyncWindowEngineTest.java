package io.sextant.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.MutableClock;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.testing.GitCli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A team's freeze kept in Git, on a real engine with a hand-moved clock: it holds its own namespace's
 * changes (not another team's), says until when, is audited once, lets a manual sync through, releases at
 * its end without a poll; a broken window file is an error at its line and keeps its last valid version in
 * force; a pull request's plan judges its steps by the windows it adds.
 */
class SyncWindowEngineTest {

    @TempDir
    Path root;

    static final String FREEZE = """
            apiVersion: sextant.io/v1
            kind: SyncWindow
            metadata: {name: launch-freeze, namespace: search}
            spec:
              type: deny
              schedule: "0 22 * * *"
              duration: 10h
              timeZone: Europe/Berlin
              manualSync: true
              selector:
                kinds: [ModelDeployment]
            """;

    /** A freeze of ranking, open from 19:00 to 22:00 UTC, that only a pull request holds. */
    static final String PR_FREEZE = """
            apiVersion: sextant.io/v1
            kind: SyncWindow
            metadata: {name: pr-freeze, namespace: ranking}
            spec:
              type: deny
              schedule: "0 19 * * *"
              duration: 3h
            """;

    static String deployment(String namespace, String name, int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: %s, labels: {tier: prod}}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/%s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0}
                  resources: {gpu: {type: L4-24GB, count: 1}}
                  replicas: %d
                """.formatted(name, namespace, name, replicas);
    }

    @Test
    void aFreezeHoldsItsNamespaceUntilItEndsAndLetsAManualSyncThrough() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "search/llama.yaml", deployment("search", "llama", 1));
        GitCli.writeFile(work, "ranking/bge.yaml", deployment("ranking", "bge", 1));
        GitCli.writeFile(work, "search/freeze.yaml", FREEZE);
        GitCli.commitAll(work, "search: llama, ranking: bge, a launch freeze");
        // Thursday 21:00 in Berlin: the freeze opens at 22:00.
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T20:00:00Z"));
        try (ConfigurableApplicationContext engine = start(work, clock)) {
            Reconciler reconciler = engine.getBean(Reconciler.class);
            EngineClient client = new EngineClient(Integer.parseInt(engine.getEnvironment()
                    .getProperty("local.server.port")), "admin");
            assertThat(reconciler.awaitIdle(60_000)).isTrue();
            assertThat(client.resource("ModelDeployment", "search", "llama").get("operation").asString())
                    .isEqualTo("Succeeded");
            JsonNode window = client.resource("SyncWindow", "search", "launch-freeze");
            assertThat(window.get("sync").asString()).isEqualTo("Synced");
            assertThat(window.get("backend").isNull()).as("no backend holds a window").isTrue();

            // A pull request that adds a freeze: its plan judges its steps by its own windows.
            GitCli.git(work, "checkout", "-q", "-b", "pr");
            GitCli.writeFile(work, "ranking/freeze.yaml", PR_FREEZE);
            GitCli.writeFile(work, "ranking/bge.yaml", deployment("ranking", "bge", 5));
            String pr = GitCli.commitAll(work, "ranking: freeze now, and five rerankers");
            GitCli.git(work, "checkout", "-q", "main");
            JsonNode prPlan = client.getJson("/api/v1/plan?revision=" + pr);
            assertThat(prPlan.get("steps")).hasSize(1);
            assertThat(prPlan.get("steps").get(0).get("window").asString())
                    .isEqualTo("held by sync window ranking/pr-freeze until 2026-12-03T22:00Z");
            assertThat(client.getJson("/api/v1/windows").get("items")).as("a plan puts nothing in force")
                    .extracting(w -> w.get("name").asString()).containsExactly("search/launch-freeze");

            clock.advance(Duration.ofMinutes(90)); // 22:30 in Berlin: frozen
            GitCli.writeFile(work, "search/llama.yaml", deployment("search", "llama", 2));
            GitCli.writeFile(work, "ranking/bge.yaml", deployment("ranking", "bge", 2));
            GitCli.commitAll(work, "scale both");
            poll(reconciler);
            JsonNode llama = client.resource("ModelDeployment", "search", "llama");
            assertThat(llama.get("operation").asString()).isEqualTo("Blocked");
            assertThat(llama.get("message").asString())
                    .isEqualTo("held by sync window search/launch-freeze until 2026-12-04T08:00+01:00");
            assertThat(llama.get("sync").asString()).isEqualTo("OutOfSync");
            JsonNode bge = client.resource("ModelDeployment", "ranking", "bge");
            assertThat(bge.get("operation").asString()).as("search's freeze cannot hold ranking").isEqualTo("Succeeded");
            assertThat(bge.get("sync").asString()).isEqualTo("Synced");

            poll(reconciler);
            poll(reconciler);
            assertThat(held(client)).as("held once per change, not per poll").hasSize(1);

            JsonNode windows = client.getJson("/api/v1/windows").get("items");
            assertThat(windows).hasSize(1);
            assertThat(windows.get(0).get("name").asString()).isEqualTo("search/launch-freeze");
            assertThat(windows.get(0).get("open").asBoolean()).isTrue();
            assertThat(windows.get(0).get("openUntil").asString()).isEqualTo("2026-12-04T07:00:00Z");
            assertThat(windows.get(0).get("nextStart").asString()).isEqualTo("2026-12-04T21:00:00Z");
            assertThat(windows.get(0).get("governs").get("namespaces").get(0).asString()).isEqualTo("search");

            JsonNode plan = client.getJson("/api/v1/plan");
            assertThat(plan.get("steps")).hasSize(1);
            assertThat(plan.get("steps").get(0).get("window").asString())
                    .isEqualTo("held by sync window search/launch-freeze until 2026-12-04T08:00+01:00");

            // 08:00 in Berlin: the freeze is over, and the held change applies then, with no poll (polls are hourly).
            clock.advance(Duration.ofHours(9).plusMinutes(30));
            EngineClient.await("the held change applies at the window's end", Duration.ofSeconds(60), () ->
                    client.resource("ModelDeployment", "search", "llama").get("operation").asString().equals("Succeeded"));
            assertThat(reconciler.awaitIdle(60_000)).isTrue();
            llama = client.resource("ModelDeployment", "search", "llama");
            assertThat(llama.get("sync").asString()).isEqualTo("Synced");
            assertThat(client.getJson("/api/v1/windows").get("items").get(0).get("open").asBoolean()).isFalse();

            clock.advance(Duration.ofHours(14)); // Friday 22:00 in Berlin: frozen again
            GitCli.writeFile(work, "search/llama.yaml", deployment("search", "llama", 3));
            GitCli.commitAll(work, "scale llama to 3");
            poll(reconciler);
            assertThat(client.resource("ModelDeployment", "search", "llama").get("operation").asString())
                    .isEqualTo("Blocked");
            assertThat(client.post("/api/v1/sync", "admin").statusCode()).isEqualTo(202);
            EngineClient.await("the manual sync applies inside a manualSync window", Duration.ofSeconds(60), () ->
                    client.resource("ModelDeployment", "search", "llama").get("operation").asString().equals("Succeeded"));
            assertThat(reconciler.awaitIdle(60_000)).isTrue();

            // Still frozen, the window's file breaks: an error at its line, and the last valid freeze stays in force.
            GitCli.writeFile(work, "search/freeze.yaml", FREEZE.replace("\"0 22 * * *\"", "\"0 25 * * *\""));
            GitCli.writeFile(work, "search/llama.yaml", deployment("search", "llama", 4));
            GitCli.commitAll(work, "a freeze with a typo, and llama to 4");
            poll(reconciler);
            JsonNode errors = client.getJson("/api/v1/sources").get("items").get(0).get("errors");
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).get("path").asString()).isEqualTo("search/freeze.yaml");
            assertThat(errors.get(0).get("line").asInt()).isEqualTo(6);
            assertThat(errors.get(0).get("field").asString()).isEqualTo("spec.schedule");
            assertThat(errors.get(0).get("message").asString()).contains("'25' is not a valid hour");
            llama = client.resource("ModelDeployment", "search", "llama");
            assertThat(llama.get("operation").asString()).as("a typo does not dissolve a freeze").isEqualTo("Blocked");
            assertThat(llama.get("message").asString())
                    .isEqualTo("held by sync window search/launch-freeze until 2026-12-05T08:00+01:00");
            assertThat(client.getJson("/api/v1/resources/SyncWindow/search/launch-freeze").get("observed")
                    .at("/spec/schedule").asString()).as("the version in force").isEqualTo("0 22 * * *");
            assertThat(client.getJson("/api/v1/windows").get("items").get(0).get("open").asBoolean()).isTrue();
            assertThat(client.resource("ModelDeployment", "ranking", "bge").get("sync").asString()).isEqualTo("Synced");
        }
    }

    private static void poll(Reconciler reconciler) throws InterruptedException {
        reconciler.requestAll(Trigger.POLL);
        assertThat(reconciler.awaitIdle(60_000)).isTrue();
    }

    private static List<JsonNode> held(EngineClient client) {
        List<JsonNode> events = new ArrayList<>();
        client.getJson("/api/v1/audit?name=llama").get("items").forEach(e -> {
            if ("blocked".equals(e.get("outcome").asString())) {
                events.add(e);
            }
        });
        return events;
    }

    private ConfigurableApplicationContext start(Path work, MutableClock clock) {
        return new SpringApplicationBuilder(SextantApplication.class).properties(
                        "server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                        "sextant.sources[0].name=platform", "sextant.sources[0].url=" + work,
                        "sextant.sources[0].branch=main", "sextant.sources[0].poll-interval=1h",
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus.L4-24GB=16", "sextant.drift.interval=1h")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run();
    }
}
