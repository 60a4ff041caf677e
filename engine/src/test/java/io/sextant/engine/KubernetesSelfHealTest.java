package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.sextant.engine.reconcile.Reconciler;
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
 * The objects a ModelDeployment becomes on a {@code kubernetes} backend, deleted or edited by hand, as a user
 * of Argo CD or Flux expects them handled: the drift scan reports the resource once ({@code drift-detected}),
 * self-heal (or a manual sync) restores the object ({@code drift-corrected}) with one server-side apply of it
 * and no other write, and the resource is Synced and Healthy again. Server defaults and other field managers'
 * additions are not drift. Steps build on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesSelfHealTest {

    static final String ADMIN_TOKEN = KubeEngineFixture.ADMIN_TOKEN;
    static final String ENGINE_TOKEN = KubeEngineFixture.ENGINE_TOKEN;
    static final String BACKEND = "prod-k8s";
    static final Duration WAIT = Duration.ofSeconds(60);

    static final KubeEngineFixture FLEET = KubeEngineFixture.start("sextant-k8s-heal", Map.of(
            "teams/search/llama.yaml", KubeFleet.labelled("llama", KubeFleet.SELF_HEAL, "replicas: 1"),
            "teams/search/qwen.yaml", KubeFleet.labelled("qwen", KubeFleet.SELF_HEAL, "autoscaling: {minReplicas: 1, maxReplicas: 3}"),
            "teams/search/mistral.yaml", KubeFleet.labelled("mistral", "labels: {}", "replicas: 1")),
            "search: llama and qwen heal themselves, mistral waits for a sync");
    static final KubeApiServer KUBE = FLEET.kube();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        Map<String, String> settings = FLEET.engineSettings();
        settings.put("sextant.drift.interval", "1s");
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

    @Test
    @Order(1)
    void startUpAppliesEveryObjectAndTheResourcesBecomeHealthy() {
        awaitStatus("llama", "Synced", null);
        awaitStatus("qwen", "Synced", null);
        awaitStatus("mistral", "Synced", null);
        for (String name : List.of("llama", "qwen", "mistral")) {
            markAvailable("search--" + name);
        }
        assertThat(hpa("search--qwen")).isNotNull();

        for (String name : List.of("llama", "qwen", "mistral")) {
            awaitStatus(name, "Synced", "Healthy");
        }
    }

    @Test
    @Order(2)
    void aServiceDeletedByHandIsReportedOnceAndSelfHealRestoresItWithOneApply() {
        int from = KUBE.api.calls().size();
        KUBE.kubectl.services().inNamespace(KubeApiServer.NAMESPACE).withName("search--llama").delete();

        awaitEvent("drift-corrected", "llama");

        JsonNode detected = events("drift-detected", "llama");
        assertThat(detected).singleElement().satisfies(event -> {
            assertThat(event.get("trigger").asString()).isEqualTo("drift");
            assertThat(event.get("backend").asString()).isEqualTo(BACKEND);
            assertThat(event.get("diff").toString()).isEqualTo("[{\"op\":\"replace\","
                    + "\"path\":\"/objects/Service/search--llama\",\"from\":\"Missing\",\"value\":\"Synced\"}]");
        });
        assertThat(events("drift-corrected", "llama")).singleElement().satisfies(event -> {
            assertThat(event.get("backend").asString()).isEqualTo(BACKEND);
            assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
        });
        var service = KUBE.service("search--llama");
        assertThat(service).as("the Service is back").isNotNull();
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8000));
        assertThat(service.getSpec().getSelector())
                .isEqualTo(KUBE.deployment("search--llama").getSpec().getSelector().getMatchLabels());
        awaitStatus("llama", "Synced", "Healthy");
        awaitScans("/api/v1/namespaces/inference/services/search--llama", 2);
        assertThat(engineWritesSince(from)).containsExactly("PATCH /api/v1/namespaces/inference/services/search--llama");
        assertThat(events("drift-detected", "llama")).hasSize(1);
    }

    @Test
    @Order(3)
    void anHpaDeletedByHandIsReportedOnceAndSelfHealRestoresItWithOneApply() {
        int from = KUBE.api.calls().size();
        KUBE.kubectl.autoscaling().v2().horizontalPodAutoscalers().inNamespace(KubeApiServer.NAMESPACE)
                .withName("search--qwen").delete();

        awaitEvent("drift-corrected", "qwen");

        assertThat(events("drift-detected", "qwen")).singleElement().satisfies(event -> {
            assertThat(event.get("backend").asString()).isEqualTo(BACKEND);
            assertThat(event.get("diff").toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/autoscaling\","
                    + "\"value\":{\"minReplicas\":1,\"maxReplicas\":3}}]");
        });
        assertThat(events("drift-corrected", "qwen")).singleElement()
                .satisfies(event -> assertThat(event.get("backend").asString()).isEqualTo(BACKEND));
        HorizontalPodAutoscaler hpa = hpa("search--qwen");
        assertThat(hpa).as("the HPA is back").isNotNull();
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(3);
        awaitStatus("qwen", "Synced", "Healthy");
        awaitScans("/apis/autoscaling/v2/namespaces/inference/horizontalpodautoscalers/search--qwen", 2);
        assertThat(engineWritesSince(from))
                .containsExactly("PATCH /apis/autoscaling/v2/namespaces/inference/horizontalpodautoscalers/search--qwen");
    }

    @Test
    @Order(4)
    void aHandEditedServicePortIsReportedOnceAndAManualSyncRestoresIt() throws Exception {
        int from = KUBE.api.calls().size();
        KUBE.kubectl.services().inNamespace(KubeApiServer.NAMESPACE).withName("search--mistral")
                .edit(s -> { s.getSpec().getPorts().get(0).setPort(9000); return s; });

        awaitStatus("mistral", "OutOfSync", "Healthy");
        awaitScans("/api/v1/namespaces/inference/services/search--mistral", 3);

        assertThat(events("drift-detected", "mistral")).singleElement().satisfies(event -> {
            assertThat(event.get("trigger").asString()).isEqualTo("drift");
            assertThat(event.get("diff").toString()).contains("/objects/Service/search--mistral",
                    "Modified: /spec/ports/0/port is 9000, Sextant applies 8000");
        });
        assertThat(client().resource("ModelDeployment", "search", "mistral").get("message").asString())
                .contains("/objects/Service/search--mistral is \"Modified: /spec/ports/0/port is 9000", "self-heal is off");
        assertThat(engineWritesSince(from)).as("self-heal is off for mistral").isEmpty();
        assertThat(KUBE.service("search--mistral").getSpec().getPorts().get(0).getPort()).isEqualTo(9000);

        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).as("reconcile finished").isTrue();

        // Service ports merge by port under server-side apply: the edit made a port 9000 item its editor owns,
        // and the apply puts Sextant's 8000 back beside it (as on a real API server; apply removes no one
        // else's item). What Sextant declares is live again, so the drift is corrected.
        assertThat(KUBE.service("search--mistral").getSpec().getPorts()).extracting(p -> p.getPort())
                .containsExactly(9000, 8000);
        assertThat(events("drift-corrected", "mistral")).singleElement().satisfies(event -> {
            assertThat(event.get("trigger").asString()).isEqualTo("manual");
            assertThat(event.get("backend").asString()).isEqualTo(BACKEND);
        });
        assertThat(engineWritesSince(from)).containsExactly("PATCH /api/v1/namespaces/inference/services/search--mistral");
        awaitStatus("mistral", "Synced", "Healthy");
    }

    @Test
    @Order(5)
    void fieldsTheServerDefaultsOrOtherManagersAddAreNotDrift() {
        int events = client().getJson("/api/v1/audit?limit=10000").get("items").size();
        int from = KUBE.api.calls().size();
        KUBE.kubectl.services().inNamespace(KubeApiServer.NAMESPACE).withName("search--mistral").edit(s -> {
            s.getSpec().setClusterIP("10.96.0.42");
            s.getSpec().setSessionAffinity("None");
            s.getSpec().getPorts().add(new ServicePortBuilder().withName("metrics").withPort(9090)
                    .withTargetPort(new IntOrString(9090)).withProtocol("TCP").build());
            s.getMetadata().getAnnotations().put("prometheus.io/scrape", "true");
            return s;
        });

        awaitScans("/api/v1/namespaces/inference/services/search--mistral", 3);

        assertThat(client().getJson("/api/v1/audit?limit=10000").get("items")).hasSize(events);
        assertThat(engineWritesSince(from)).isEmpty();
        assertThat(client().resource("ModelDeployment", "search", "mistral").get("sync").asString()).isEqualTo("Synced");
    }

    @Test
    @Order(6)
    void handEditedArgsAreReportedOnceAndSelfHealRestoresThem() {
        List<String> applied = KUBE.deployment("search--llama").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getArgs();
        KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName("search--llama").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setArgs(List.of("--max-model-len", "1024"));
            return d;
        });

        awaitEvents("drift-corrected", "llama", 2);

        assertThat(events("drift-detected", "llama")).hasSize(2).first().satisfies(event -> assertThat(
                event.get("diff").toString()).contains("/objects/Deployment/search--llama",
                "Modified: /spec/template/spec/containers/0/args is"));
        assertThat(KUBE.deployment("search--llama").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .isEqualTo(applied);
        // Two template changes, two rollouts: Progressing until the controller reports the new generation rolled out.
        markAvailable("search--llama");
        awaitStatus("llama", "Synced", "Healthy");
    }

    @Test
    @Order(7)
    void everyAuditEventNamesTheBackendAndTheChainVerifies() {
        JsonNode events = client().getJson("/api/v1/audit?limit=10000").get("items");
        assertThat(events).hasSize(3 + 2 * 4);
        for (JsonNode event : events) {
            assertThat(event.get("backend").asString()).as("event " + event.get("id")).isEqualTo(BACKEND);
        }
        assertThat(client().getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
    }

    private void awaitStatus(String name, String sync, String health) {
        EngineClient client = client();
        EngineClient.await(name + " " + sync + (health == null ? "" : "/" + health), WAIT, () -> {
            JsonNode item = client.resource("ModelDeployment", "search", name);
            return item != null && item.get("sync").asString().equals(sync)
                    && (health == null || item.get("health").asString().equals(health));
        });
    }

    private void awaitEvent(String action, String name) {
        EngineClient.await(action + " of " + name, WAIT, () -> !events(action, name).isEmpty());
    }

    private void awaitEvents(String action, String name, int count) {
        EngineClient.await(count + " " + action + " of " + name, WAIT, () -> events(action, name).size() >= count);
    }

    private JsonNode events(String action, String name) {
        return client().getJson("/api/v1/audit?action=" + action + "&name=" + name).get("items");
    }

    /** Waits until the engine has read {@code path} {@code scans} more times: evidence of that many drift scans. */
    private static void awaitScans(String path, int scans) {
        long before = engineReads(path);
        EngineClient.await(scans + " drift scans reading " + path, WAIT, () -> engineReads(path) >= before + scans);
    }

    private static long engineReads(String path) {
        return KUBE.api.calls().stream().filter(c -> c.caller().equals(ENGINE_TOKEN) && c.method().equals("GET")
                && c.path().equals(path)).count();
    }

    /** The engine's writes (method and path) since the {@code from}th call the server saw. */
    private static List<String> engineWritesSince(int from) {
        List<WatchedApi.Call> calls = KUBE.api.calls();
        return calls.subList(from, calls.size()).stream().filter(c -> c.caller().equals(ENGINE_TOKEN) && c.write())
                .map(c -> c.method() + " " + c.path()).toList();
    }

    /** What the Deployment controller would report once every replica is up. */
    private static void markAvailable(String name) {
        KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(1).withUpdatedReplicas(1).withReadyReplicas(1).withAvailableReplicas(1)
                    .addNewCondition().withType("Available").withStatus("True")
                    .withMessage("Deployment has minimum availability.").endCondition().build());
            return d;
        });
        // ...and what the EndpointSlice controller would write for its Service: the replica takes requests.
        KUBE.kubectl.discovery().v1().endpointSlices().inNamespace(KubeApiServer.NAMESPACE).resource(
                new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder().withNewMetadata()
                        .withName(name + "-x1").addToLabels("kubernetes.io/service-name", name)
                        .addToLabels("app.kubernetes.io/managed-by", "sextant")
                        .addToLabels("sextant.io/kind", "ModelDeployment").endMetadata().withAddressType("IPv4")
                        .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(true).endConditions()
                        .endEndpoint().build()).createOr(existing -> existing.update());
    }

    private static HorizontalPodAutoscaler hpa(String name) {
        return KUBE.kubectl.autoscaling().v2().horizontalPodAutoscalers().inNamespace(KubeApiServer.NAMESPACE)
                .withName(name).get();
    }
}
