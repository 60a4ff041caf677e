package io.sextant.engine;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.nio.file.Path;
import java.time.Duration;
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
 * The engine pointed at a Kubernetes API server as a new user's would be (a {@code kubernetes} backend
 * with {@code url}, {@code token-file} and {@code namespace}; the fabric8 CRUD mock taught server-side
 * apply): it creates, updates and deletes Deployments, Services and HTTPRoutes exactly as the specs say,
 * writes nothing when nothing changed, finds a kubectl change by its drift scan, refuses a LoRA adapter
 * there with file and line, and every audit event names the backend. Steps build on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesBackendTest {

    static final String ADMIN_TOKEN = KubeEngineFixture.ADMIN_TOKEN;
    static final String BACKEND = "prod-k8s";

    static final String CHAT_ROUTE = """
            apiVersion: sextant.io/v1
            kind: InferenceRoute
            metadata: {name: chat, namespace: search}
            spec:
              modelName: chat
              targets:
                - {deployment: llama, weight: 90}
                - {deployment: llama-canary, weight: 10}
            """;
    static final KubeEngineFixture FLEET = KubeEngineFixture.start("sextant-k8s", Map.of(
            "teams/search/llama.yaml", KubeFleet.deployment("llama", "H100-80GB", 2, 2, "v0.11.0"),
            "teams/search/llama-canary.yaml", KubeFleet.deployment("llama-canary", "L4-24GB", 1, 1, "v0.11.1"),
            "teams/search/qwen.yaml", KubeFleet.deployment("qwen", "L4-24GB", 1, 1, "v0.11.0"),
            "teams/search/chat-route.yaml", CHAT_ROUTE),
            "search: llama with a canary behind one route, and qwen");
    static final Path WORK = FLEET.work();
    static final KubeApiServer KUBE = FLEET.kube();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        Map<String, String> settings = FLEET.engineSettings();
        settings.put("sextant.drift.interval", "1s");
        settings.put("sextant.backends[0].gateway", "gateway-system/inference");
        settings.put("sextant.backends[0].gpu-products[L4-24GB]", "NVIDIA-L4");
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

    static void push(String message) {
        commitAll(WORK, message);
        git(WORK, "push", "-q", "origin", "main");
    }

    void syncAndWait() throws InterruptedException {
        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).as("reconcile finished").isTrue();
    }

    /** Requests that changed state on the API server, with the drift scans' reads left out. */
    static List<String> writes() {
        return KUBE.crud.writes();
    }

    @Test
    @Order(1)
    void startUpCreatesDeploymentsServicesAndTheRouteExactlyAsTheSpecsSay() {
        EngineClient client = client();
        EngineClient.await("four resources Synced", Duration.ofSeconds(90), () -> {
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            int synced = 0;
            for (JsonNode item : items) {
                synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
            }
            return synced == 4;
        });

        Deployment llama = KUBE.deployment("search--llama");
        assertThat(llama.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = llama.getSpec().getTemplate().getSpec();
        Container vllm = pod.getContainers().get(0);
        assertThat(vllm.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
        assertThat(vllm.getCommand()).containsExactly("vllm", "serve");
        assertThat(vllm.getArgs()).containsExactly("meta-llama/Llama-3.1-8B-Instruct", "--served-model-name", "chat",
                "--host", "0.0.0.0", "--port", "8000", "--revision", "0e9e39f", "--max-model-len", "8192",
                "--tensor-parallel-size", "2");
        assertThat(vllm.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("2");
        assertThat(vllm.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
        assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
        assertThat(llama.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "sextant")
                .containsEntry("sextant.io/name", "llama");

        Deployment canary = KUBE.deployment("search--llama-canary");
        assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
        assertThat(canary.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:v0.11.1");
        assertThat(canary.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsExactly(Map.entry("nvidia.com/gpu.product", "NVIDIA-L4"));
        for (String name : List.of("search--llama", "search--llama-canary", "search--qwen")) {
            assertThat(KUBE.service(name)).as("Service " + name).isNotNull();
            assertThat(KUBE.service(name).getSpec().getSelector()).isEqualTo(
                    KUBE.deployment(name).getSpec().getSelector().getMatchLabels());
        }

        Map<String, Object> route = KUBE.httpRoute("search--chat").get("spec");
        assertThat(route.toString()).contains("name=inference, namespace=gateway-system");
        assertThat(String.valueOf(route.get("rules")))
                .contains("name=X-Gateway-Model-Name", "value=chat")
                .contains("{name=search--llama, port=8000, weight=90}", "{name=search--llama-canary, port=8000, weight=10}");

        JsonNode creates = client.getJson("/api/v1/audit?action=create").get("items");
        assertThat(creates).hasSize(4);
        assertThat(client.resource("ModelDeployment", "search", "llama").get("backend").asString()).isEqualTo(BACKEND);
    }

    @Test
    @Order(2)
    void pushedReplicaChangeUpdatesTheDeploymentWithOneAuditedPatch() throws Exception {
        GitCli.writeFile(WORK, "teams/search/llama.yaml", KubeFleet.deployment("llama", "H100-80GB", 2, 3, "v0.11.0"));
        push("search: scale llama to 3 replicas");
        String commit = GitCli.head(WORK);
        KUBE.crud.clearRequests();

        syncAndWait();

        assertThat(KUBE.deployment("search--llama").getSpec().getReplicas()).isEqualTo(3);
        assertThat(writes()).singleElement().asString()
                .startsWith("PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama?fieldManager=sextant");
        JsonNode events = client().getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("action").asString()).isEqualTo("update");
        assertThat(events.get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(events.get(0).get("diff").toString())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"from\":2,\"value\":3}]");
        assertThat(client().resource("ModelDeployment", "search", "llama").get("appliedRevision").asString())
                .isEqualTo(commit);
    }

    @Test
    @Order(3)
    void aSecondSyncOfTheSameCommitMakesNoWriteRequest() throws Exception {
        int events = client().getJson("/api/v1/audit?limit=10000").get("items").size();
        KUBE.crud.clearRequests();

        syncAndWait();

        assertThat(writes()).isEmpty();
        assertThat(client().getJson("/api/v1/audit?limit=10000").get("items")).hasSize(events);
    }

    @Test
    @Order(4)
    void aKubectlScaleIsFoundByTheDriftScanAndAManualSyncRestoresIt() throws Exception {
        KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName("search--llama")
                .edit(d -> { d.getSpec().setReplicas(5); return d; });

        EngineClient client = client();
        // OutOfSync shows as soon as the scan has diffed; the explanation follows once the drift is recorded.
        EngineClient.await("the drift scan reports llama OutOfSync and why", Duration.ofSeconds(60), () -> {
            JsonNode llama = client.resource("ModelDeployment", "search", "llama");
            return llama.get("sync").asString().equals("OutOfSync") && llama.get("message").asString().contains("self-heal is off");
        });
        JsonNode detected = client.getJson("/api/v1/audit?action=drift-detected&name=llama").get("items");
        assertThat(detected).hasSize(1);
        assertThat(detected.get(0).get("trigger").asString()).isEqualTo("drift");
        assertThat(detected.get(0).get("diff").toString()).contains("/spec/replicas", "\"from\":5", "\"value\":3");
        assertThat(client.getJson("/api/v1/resources/ModelDeployment/search/llama").get("message").asString())
                .contains("/spec/replicas is 5, Git says 3");
        assertThat(KUBE.deployment("search--llama").getSpec().getReplicas()).as("self-heal is off").isEqualTo(5);

        syncAndWait();

        assertThat(KUBE.deployment("search--llama").getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.getJson("/api/v1/audit?action=drift-corrected&name=llama").get("items")).hasSize(1);
        assertThat(client.resource("ModelDeployment", "search", "llama").get("sync").asString()).isEqualTo("Synced");
    }

    @Test
    @Order(5)
    void aLoraAdapterOnTheKubernetesBackendIsAValidationErrorWithFileAndLine() throws Exception {
        GitCli.writeFile(WORK, "teams/search/sql-lora.yaml", """
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql-lora, namespace: search}
                spec:
                  deployment: llama
                  uri: hf://acme/llama-3.1-8b-sql-lora
                """);
        push("search: a SQL adapter on llama");
        KUBE.crud.clearRequests();

        syncAndWait();

        EngineClient client = client();
        JsonNode errors = client.getJson("/api/v1/sources").get("items").get(0).get("errors");
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.get("path").asString()).isEqualTo("teams/search/sql-lora.yaml");
            assertThat(error.get("line").asInt()).isEqualTo(2);
            assertThat(error.get("message").asString()).contains("backend 'prod-k8s'", "need a vllm backend");
        });
        JsonNode adapter = client.resource("LoraAdapter", "search", "sql-lora");
        assertThat(adapter.get("sync").asString()).isEqualTo("Unknown");
        assertThat(adapter.get("message").asString()).startsWith("teams/search/sql-lora.yaml:2: ")
                .contains("need a vllm backend");
        assertThat(writes()).isEmpty();

        git(WORK, "rm", "-q", "teams/search/sql-lora.yaml");
        push("search: drop the adapter");
        syncAndWait();
        assertThat(client.getJson("/api/v1/sources").get("items").get(0).get("errors")).isEmpty();
    }

    @Test
    @Order(6)
    void removingASpecDeletesItsObjects() throws Exception {
        git(WORK, "rm", "-q", "teams/search/qwen.yaml");
        push("search: retire qwen");
        String commit = GitCli.head(WORK);
        KUBE.crud.clearRequests();

        syncAndWait();

        assertThat(KUBE.deployment("search--qwen")).isNull();
        assertThat(KUBE.service("search--qwen")).isNull();
        assertThat(writes()).containsExactlyInAnyOrder(
                "DELETE /api/v1/namespaces/inference/services/search--qwen",
                "DELETE /apis/apps/v1/namespaces/inference/deployments/search--qwen");
        EngineClient client = client();
        assertThat(client.resource("ModelDeployment", "search", "qwen")).isNull();
        JsonNode events = client.getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("action").asString()).isEqualTo("delete");
            assertThat(e.get("resource").get("name").asString()).isEqualTo("qwen");
        });
        assertThat(KUBE.deployment("search--llama")).as("the others stay").isNotNull();
    }

    @Test
    @Order(7)
    void aDeploymentMadeBeforeSextantIsAdoptedInPlaceWithOneAdoptEvent() throws Exception {
        // Made by hand before the team moved it to Git, with the pod selector Sextant uses (a selector is immutable).
        Map<String, String> selector = Map.of("app.kubernetes.io/managed-by", "sextant", "sextant.io/kind",
                "ModelDeployment", "sextant.io/namespace", "search", "sextant.io/name", "mistral");
        String uid = KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).resource(
                new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("search--mistral")
                        .addToLabels("team", "search").endMetadata().withNewSpec().withReplicas(1)
                        .withNewSelector().withMatchLabels(selector).endSelector().withNewTemplate().withNewMetadata()
                        .withLabels(selector).endMetadata().withNewSpec().addNewContainer().withName("server")
                        .withImage("vllm/vllm-openai:v0.10.0").endContainer().endSpec().endTemplate().endSpec().build())
                .create().getMetadata().getUid();
        GitCli.writeFile(WORK, "teams/search/mistral.yaml", KubeFleet.deployment("mistral", "L4-24GB", 1, 1, "v0.11.0"));
        push("search: mistral, now from Git");
        KUBE.crud.clearRequests();

        syncAndWait();

        Deployment adopted = KUBE.deployment("search--mistral");
        assertThat(adopted.getMetadata().getUid()).as("the same object").isEqualTo(uid);
        assertThat(adopted.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:v0.11.0");
        assertThat(writes()).noneMatch(w -> w.startsWith("DELETE") || w.startsWith("POST"));
        EngineClient client = client();
        JsonNode events = client.getJson("/api/v1/audit?name=mistral").get("items");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.get("action").asString()).isEqualTo("adopt");
            assertThat(e.get("outcome").asString()).isEqualTo("succeeded");
            assertThat(e.get("diff").toString()).contains("/objects/Deployment/search--mistral", "uid " + uid,
                    "vllm/vllm-openai:v0.10.0");
        });

        syncAndWait();

        assertThat(client.getJson("/api/v1/audit?name=mistral").get("items")).as("a second sync").hasSize(1);
    }

    @Test
    @Order(8)
    void everyAuditEventNamesTheBackendAndTheChainVerifies() {
        EngineClient client = client();
        JsonNode events = client.getJson("/api/v1/audit?limit=10000").get("items");
        assertThat(events).hasSizeGreaterThanOrEqualTo(8);
        for (JsonNode event : events) {
            assertThat(event.get("backend").asString()).as("event " + event.get("id")).isEqualTo(BACKEND);
        }
        assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(9)
    void everyApplyAndDeleteCarriesTheTokenFromTheTokenFile() {
        List<WatchedApi.Call> engineWrites = KUBE.api.calls().stream()
                .filter(call -> call.apply() || call.method().equals("DELETE")).toList();
        assertThat(engineWrites).isNotEmpty().allSatisfy(call ->
                assertThat(call.caller()).as(call.method() + " " + call.path()).isEqualTo("k8s-service-account-token"));
    }
}
