package io.sextant.engine;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A {@code kubernetes} backend of {@code flavor: llm-inference-service}, end to end: a ModelDeployment and two
 * LoraAdapters in Git become one KServe LLMInferenceService with both adapters, each adapter audited as itself;
 * removing an adapter from Git is one apply of its parent and one {@code delete} of the adapter; the Ready
 * condition KServe writes makes the deployment Healthy. Steps build on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesLlmInferenceServiceTest {

    static final String ADMIN_TOKEN = KubeEngineFixture.ADMIN_TOKEN;
    static final String OBJECT = "search--llama";

    static final String LLAMA = """
            apiVersion: sextant.io/v1
            kind: ModelDeployment
            metadata: {name: llama, namespace: search}
            spec:
              backend: prod-k8s
              model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, servedName: chat}
              runtime:
                engine: vllm
                args: {tensor-parallel-size: 2, enable-lora: true, chat-template-content-format: "open ai"}
              resources:
                gpu: {type: H100-80GB, count: 2}
              replicas: 2
            """;
    static final KubeEngineFixture FLEET = KubeEngineFixture.start("sextant-llmisvc", Map.of(
            "teams/search/llama.yaml", LLAMA,
            "teams/search/sql-lora.yaml", adapter("sql-lora"),
            "teams/search/support-lora.yaml", adapter("support-lora")),
            "search: llama with two adapters");
    static final Path WORK = FLEET.work();
    static final KubeApiServer KUBE = FLEET.kube();

    static String adapter(String name) {
        return """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: %s, namespace: search}
                spec: {deployment: llama, uri: "hf://acme/%s"}
                """.formatted(name, name);
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        Map<String, String> settings = FLEET.engineSettings();
        settings.put("sextant.backends[0].flavor", "llm-inference-service");
        settings.put("sextant.sources[0].sync.prune", "true");
        KubeEngineFixture.register(registry, settings);
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @AfterAll
    static void stopServers() {
        FLEET.close();
    }

    EngineClient client() {
        return new EngineClient(port, ADMIN_TOKEN);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> liveAdapters() {
        Map<String, Object> spec = KUBE.llmInferenceService(OBJECT).get("spec");
        Map<String, Object> lora = (Map<String, Object>) ((Map<String, Object>) spec.get("model")).get("lora");
        return lora == null ? List.of() : (List<Map<String, Object>>) lora.get("adapters");
    }

    static List<String> names(JsonNode events) {
        List<String> names = new ArrayList<>();
        events.forEach(e -> names.add(e.get("resource").get("kind").asString() + "/" + e.get("resource").get("name").asString()));
        return names;
    }

    @Test
    @Order(1)
    void aDeploymentAndTwoAdaptersBecomeOneLlmInferenceServiceAndThreeAuditedCreates() {
        EngineClient client = client();
        EngineClient.await("three resources Synced", Duration.ofSeconds(90), () -> {
            int synced = 0;
            for (JsonNode item : client.getJson("/api/v1/resources").get("items")) {
                synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
            }
            return synced == 3;
        });

        GenericKubernetesResource llm = KUBE.llmInferenceService(OBJECT);
        assertThat(llm.getApiVersion()).isEqualTo("serving.kserve.io/v1alpha1");
        Map<String, Object> spec = llm.get("spec");
        assertThat(spec).containsEntry("replicas", 2).containsEntry("parallelism", Map.of("tensor", 2));
        assertThat(liveAdapters()).containsExactly(Map.of("name", "sql-lora", "uri", "hf://acme/sql-lora"),
                Map.of("name", "support-lora", "uri", "hf://acme/support-lora"));
        assertThat(String.valueOf(spec.get("template")))
                .contains("{name=VLLM_ADDITIONAL_ARGS, value=--chat-template-content-format='open ai' --enable-lora}")
                .contains("nvidia.com/gpu=2");
        assertThat(KUBE.deployment(OBJECT)).as("no Deployment on this flavor").isNull();

        JsonNode creates = client.getJson("/api/v1/audit?action=create").get("items");
        assertThat(names(creates)).containsExactlyInAnyOrder("ModelDeployment/llama", "LoraAdapter/sql-lora",
                "LoraAdapter/support-lora");
        creates.forEach(e -> assertThat(e.get("backend").asString()).isEqualTo(KubeFleet.BACKEND));
        assertThat(client.resource("LoraAdapter", "search", "sql-lora").get("backend").asString()).isEqualTo(KubeFleet.BACKEND);
    }

    @Test
    @Order(2)
    void theReadyConditionKServeWritesMakesTheDeploymentHealthy() throws Exception {
        KUBE.kubectl.genericKubernetesResources(KubeApiServer.LLM_INFERENCE_SERVICE).inNamespace(KubeApiServer.NAMESPACE)
                .withName(OBJECT).editStatus(object -> {
                    object.setAdditionalProperty("status", Map.of("url", "http://inference.example.com/search/llama",
                            "conditions", List.of(Map.of("type", "Ready", "status", "True"))));
                    return object;
                });

        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).isTrue();

        JsonNode llama = client().resource("ModelDeployment", "search", "llama");
        assertThat(llama.get("health").asString()).as(llama.toString()).isEqualTo("Healthy");
        assertThat(llama.get("message").asString()).contains("http://inference.example.com/search/llama");
    }

    @Test
    @Order(3)
    void removingAnAdapterFromGitIsOneApplyOfItsParentAndOneAuditedDelete() throws Exception {
        Files.delete(WORK.resolve("teams/search/support-lora.yaml"));
        commitAll(WORK, "search: drop support-lora");
        git(WORK, "push", "-q", "origin", "main");
        String commit = GitCli.head(WORK);
        KUBE.crud.clearRequests();

        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).isTrue();

        assertThat(KUBE.crud.writes()).singleElement().asString().startsWith(
                "PATCH /apis/serving.kserve.io/v1alpha1/namespaces/inference/llminferenceservices/" + OBJECT);
        assertThat(liveAdapters()).containsExactly(Map.of("name", "sql-lora", "uri", "hf://acme/sql-lora"));
        JsonNode events = client().getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(names(events)).containsExactly("LoraAdapter/support-lora");
        assertThat(events.get(0).get("action").asString()).isEqualTo("delete");
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(client().resource("LoraAdapter", "search", "support-lora")).isNull();
    }
}
