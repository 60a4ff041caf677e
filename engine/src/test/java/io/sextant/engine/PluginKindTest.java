package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.kinds.WarmupPlugin;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A kind defined only by a plugin (the test's {@link WarmupPlugin}) runs through the real engine like a
 * built-in one: loaded (from a deprecated apiVersion, converted and warned about) and validated with its own
 * schema and rule, planned after the deployment it refers
 * to, applied on {@code sim} through its kind support, audited, and shown by the API from its definition;
 * and its drift ignore rule keeps a backend-owned field from ever looking like drift.
 */
class PluginKindTest {

    @TempDir
    Path root;

    @Test
    void aPluginKindIsLoadedValidatedPlannedAppliedAuditedAndShownWithoutTheCoreKnowingIt() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "deploy/base.yaml", """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: base, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/base}
                  runtime: {engine: vllm}
                  replicas: 1
                """);
        GitCli.writeFile(work, "deploy/warmup.yaml", """
                apiVersion: testing.sextant.io/v1beta1
                kind: Warmup
                metadata: {name: warm, namespace: search}
                spec: {deployment: base, requests: 100}
                """);
        GitCli.writeFile(work, "deploy/cold.yaml", """
                apiVersion: testing.sextant.io/v1
                kind: Warmup
                metadata: {name: cold, namespace: search}
                spec:
                  deployment: base
                  requests: 0
                """);
        GitCli.commitAll(work, "search: a deployment and its warmups");
        WarmupPlugin plugin = new WarmupPlugin();
        try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("warmupPlugin", plugin))
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.drift.interval=1s",
                        "sextant.sources[0].name=platform", "sextant.sources[0].url=" + work,
                        "sextant.sources[0].paths[0]=deploy/", "sextant.sources[0].poll-interval=1h")
                .run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")),
                    Files.readString(root.resolve("data").resolve("admin-token")).trim());
            EngineClient.await("the warmup Synced and Healthy", Duration.ofSeconds(60), () -> {
                JsonNode r = client.resource("Warmup", "search", "warm");
                return r != null && r.get("sync").asString().equals("Synced") && r.get("health").asString().equals("Healthy");
            });

            JsonNode warm = client.resource("Warmup", "search", "warm");
            assertThat(warm.get("backend").asString()).as("inherited from its deployment").isEqualTo("sim-local");
            assertThat(warm.get("summary").asString()).isEqualTo("100 requests to base");
            assertThat(plugin.deploymentLiveAtApply).as("planned after its deployment").containsExactly(true);
            assertThat(client.getJson("/api/v1/audit?kind=Warmup&name=warm").get("items"))
                    .extracting(e -> e.get("action").asString() + " " + e.get("outcome").asString())
                    .containsExactly("create succeeded");
            assertThat(client.getJson("/api/v1/resources/Warmup/search/warm").get("desired").get("apiVersion").asString())
                    .as("stored in the current version").isEqualTo("testing.sextant.io/v1");
            assertThat(client.getJson("/api/v1/plan?revision=HEAD").get("warnings").toString()).contains(
                    "deploy/warmup.yaml:1: apiVersion: testing.sextant.io/v1beta1 is deprecated: use testing.sextant.io/v1");
            JsonNode kinds = client.getJson("/api/v1/kinds").get("items");
            assertThat(kinds).extracting(k -> k.get("kind").asString())
                    .as("the built-in SyncWindow, the engine's own, last")
                    .containsExactly("ModelDeployment", "LoraAdapter", "Warmup", "InferenceRoute", "SyncWindow");
            assertThat(kinds.get(2).get("columns").toString()).contains("/spec/requests");
            assertThat(client.getJson("/api/v1/sources").get("items").get(0).get("errors").toString())
                    .contains("deploy/cold.yaml:6: spec.requests: must be at least 1");
            JsonNode cold = client.resource("Warmup", "search", "cold");
            assertThat(cold.get("operation").asString()).isEqualTo("Failed");
            assertThat(cold.get("message").asString()).isEqualTo("deploy/cold.yaml:6: spec.requests: must be at least 1");
            assertThat(plugin.live).as("an invalid warmup is left alone").containsOnlyKeys(
                    new io.sextant.plugin.ResourceKey(WarmupPlugin.KIND, "search", "warm"));

            // The sim reports a new spec.warmedAt on every observation; the plugin's ignore rule keeps it out of
            // every diff, so drift scans find nothing and nothing is applied again.
            MeterRegistry meters = engine.getBean(MeterRegistry.class);
            Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"),
                    3, Duration.ofSeconds(30));
            assertThat(client.resource("Warmup", "search", "warm").get("sync").asString()).isEqualTo("Synced");
            assertThat(client.getJson("/api/v1/audit?kind=Warmup").get("items")).hasSize(1);
            assertThat(plugin.deploymentLiveAtApply).hasSize(1);
        }
    }
}
