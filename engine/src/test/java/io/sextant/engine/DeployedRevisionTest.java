package io.sextant.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The audit event records the revision a real backend serves: a vLLM server (its wire contract, behind
 * WireMock) started on a Hugging Face snapshot lists it as the model's {@code root}, the full commit id of the
 * short pin the spec holds, and the drift detector does not take the two spellings for a change.
 */
class DeployedRevisionTest {

    private static final String FULL = "0e9e39f249a16976918f6564b8830bc894c89659";

    @TempDir
    Path root;

    private final WireMockServer vllm = new WireMockServer(wireMockConfig().dynamicPort());

    @AfterEach
    void stop() {
        vllm.stop();
    }

    @Test
    void theAuditRecordsTheFullCommitTheServerLoadedForAShortPinWithoutDrift() throws Exception {
        vllm.start();
        // vLLM's /v1/models as serving_models.py writes it for `vllm serve <snapshot> --served-model-name llama-3-8b`.
        vllm.stubFor(get(urlEqualTo("/v1/models")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"object":"list","data":[{"id":"llama-3-8b","object":"model","created":1700000000,
                        "owned_by":"vllm","root":"/root/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/%s",
                        "parent":null,"max_model_len":8192,"permission":[]}]}""".formatted(FULL))));
        vllm.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
        Path work = GitCli.initRepo(root.resolve("fleet"));
        Files.createDirectories(work.resolve("teams"));
        Files.writeString(work.resolve("teams/chat.yaml"), """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: chat, namespace: search}
                spec:
                  backend: vllm-shared
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct", revision: "0e9e39f", servedName: llama-3-8b}
                  runtime: {engine: vllm, args: {max-model-len: 8192}}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                """);
        String commit = GitCli.commitAll(work, "Serve the chat model");

        try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class).properties(
                "server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + work,
                "sextant.sources[0].paths[0]=teams", "sextant.sources[0].poll-interval=1h", "sextant.drift.interval=1s",
                "sextant.backends[0].name=vllm-shared", "sextant.backends[0].type=vllm",
                "sextant.backends[0].url=" + vllm.baseUrl()).run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
            EngineClient.await("the chat model synced", Duration.ofSeconds(60), () -> {
                JsonNode chat = client.resource("ModelDeployment", "search", "chat");
                return chat != null && commit.equals(chat.path("appliedRevision").asString(""));
            });
            MeterRegistry meters = engine.getBean(MeterRegistry.class);
            Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"), 2, Duration.ofSeconds(30));

            JsonNode chat = client.resource("ModelDeployment", "search", "chat");
            assertThat(chat.path("sync").asString()).isEqualTo("Synced");
            assertThat(chat.path("health").asString()).isEqualTo("Healthy");
            List<JsonNode> events = new ArrayList<>();
            client.getJson("/api/v1/audit?name=chat").get("items").forEach(events::add);
            assertThat(events).filteredOn(e -> e.path("commit").asString().equals(commit)).singleElement()
                    .satisfies(event -> assertThat(event.path("modelRevision").asString()).isEqualTo(FULL));
            assertThat(events).noneSatisfy(e -> assertThat(e.path("action").asString()).startsWith("drift"));
            JsonNode detail = client.getJson("/api/v1/resources/ModelDeployment/search/chat");
            assertThat(detail.at("/observed/spec/model/revision").asString()).as("Git's spelling").isEqualTo("0e9e39f");
            assertThat(detail.at("/observed/status/modelRevision").asString()).isEqualTo(FULL);
        }
    }
}
