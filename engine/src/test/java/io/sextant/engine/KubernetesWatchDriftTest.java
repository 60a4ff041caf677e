package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Watch, don't poll (issue 13): on a {@code kubernetes} backend that watches (the default), an edit made
 * behind the engine's back is seen from its watch event, not from a scan: polls and drift scans here are an
 * hour apart, so only the watch can bring the report. It is reported once and healed with self-heal, and a
 * watch the server ends with 410 Gone relists and still brings the next edit. Steps build on each other.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesWatchDriftTest {

    static final String ADMIN_TOKEN = KubeEngineFixture.ADMIN_TOKEN;
    static final String ENGINE_TOKEN = KubeEngineFixture.ENGINE_TOKEN;
    /** Bounds a wait for the watch; no scan or poll would come within the hour. */
    static final Duration WAIT = Duration.ofSeconds(30);

    static final KubeEngineFixture FLEET = KubeEngineFixture.start("sextant-k8s-watch", Map.of(
            "teams/search/llama.yaml", KubeFleet.labelled("llama", KubeFleet.SELF_HEAL, "replicas: 1"),
            "teams/search/mistral.yaml", KubeFleet.labelled("mistral", "labels: {}", "replicas: 1")),
            "search: llama heals itself, mistral waits for a sync");
    static final KubeApiServer KUBE = FLEET.kube();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        Map<String, String> settings = FLEET.engineSettings();
        settings.put("sextant.backends[0].watch", "true");
        settings.put("sextant.backends[0].gpu-products[L4-24GB]", "NVIDIA-L4");
        KubeEngineFixture.register(registry, settings);
    }

    @Value("${local.server.port}")
    int port;

    @AfterAll
    static void stopServers() {
        FLEET.close();
    }

    @Test
    @Order(1)
    void startUpAppliesBothWithoutReadingAnyObject() {
        awaitStatus("llama", "Synced");
        awaitStatus("mistral", "Synced");

        assertThat(engineCalls()).filteredOn(c -> c.method().equals("GET"))
                .as("reads are lists and watches of each type, never a GET of one object")
                .allSatisfy(c -> assertThat(c.path()).doesNotContain("search--"));
    }

    @Test
    @Order(2)
    void aScaleBehindTheEnginesBackIsReportedOnceFromTheWatchAndSelfHealPutsItBack() {
        int from = KUBE.api.calls().size();
        scale("search--llama", 5);

        awaitEvent("drift-corrected", "llama", 1);

        assertThat(events("drift-detected", "llama")).singleElement().satisfies(event -> {
            assertThat(event.get("trigger").asString()).isEqualTo("drift");
            assertThat(event.get("diff").toString()).contains("/spec/replicas");
        });
        assertThat(KUBE.deployment("search--llama").getSpec().getReplicas()).isEqualTo(1);
        // kubectl's edit made it the owner of replicas: the apply is answered 409 Conflict, then sent with force.
        assertThat(engineWritesSince(from)).containsExactly("PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama",
                "PATCH /apis/apps/v1/namespaces/inference/deployments/search--llama");
        awaitStatus("llama", "Synced");
        assertThat(events("drift-detected", "llama")).as("its own heal is not drift").hasSize(1);
    }

    @Test
    @Order(3)
    void withoutSelfHealTheEditIsReportedOnceAndLeftAlone() {
        int from = KUBE.api.calls().size();
        scale("search--mistral", 3);

        awaitStatus("mistral", "OutOfSync");

        assertThat(events("drift-detected", "mistral")).hasSize(1);
        assertThat(engineWritesSince(from)).isEmpty();
        assertThat(KUBE.deployment("search--mistral").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    @Order(4)
    void aWatchEndedWith410GoneRelistsAndTheNextEditIsStillSeen() {
        long lists = deploymentLists();
        KUBE.crud.expireWatches();
        scale("search--llama", 6);

        awaitEvent("drift-corrected", "llama", 2);

        assertThat(deploymentLists()).as("the Deployment informer listed again").isGreaterThan(lists);
        assertThat(events("drift-detected", "llama")).hasSize(2);
        assertThat(KUBE.deployment("search--llama").getSpec().getReplicas()).isEqualTo(1);
    }

    /** Lists of Deployments (not watches), from the server's own log, which keeps queries. */
    private static long deploymentLists() {
        return KUBE.crud.requests().stream().filter(r -> r.startsWith("GET ")
                && r.split("\\?")[0].endsWith("/deployments") && !r.contains("watch=true")).count();
    }

    private static void scale(String name, int replicas) {
        KUBE.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).withName(name)
                .edit(d -> { d.getSpec().setReplicas(replicas); return d; });
    }

    private EngineClient client() {
        return new EngineClient(port, ADMIN_TOKEN);
    }

    private void awaitStatus(String name, String sync) {
        EngineClient client = client();
        EngineClient.await(name + " " + sync, WAIT, () -> {
            JsonNode item = client.resource("ModelDeployment", "search", name);
            return item != null && item.get("sync").asString().equals(sync);
        });
    }

    private void awaitEvent(String action, String name, int count) {
        EngineClient.await(count + " " + action + " of " + name, WAIT, () -> events(action, name).size() >= count);
    }

    private JsonNode events(String action, String name) {
        return client().getJson("/api/v1/audit?action=" + action + "&name=" + name).get("items");
    }

    private static List<WatchedApi.Call> engineCalls() {
        return KUBE.api.calls().stream().filter(c -> c.caller().equals(ENGINE_TOKEN)).toList();
    }

    private static List<String> engineWritesSince(int from) {
        List<WatchedApi.Call> calls = KUBE.api.calls();
        return calls.subList(from, calls.size()).stream().filter(c -> c.caller().equals(ENGINE_TOKEN) && c.write())
                .map(c -> c.method() + " " + c.path()).toList();
    }
}
