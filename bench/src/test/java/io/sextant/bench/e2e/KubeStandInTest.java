package io.sextant.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stand-in API server answers the calls the {@code kubernetes} backend makes as the Kubernetes API
 * server does on the wire: server-side apply creates (201) then updates (200) with server-owned metadata
 * and a completed rollout's status, gets and label-selected lists, {@code Status} bodies for 404, 409 and
 * 422, {@code 404 page not found} for types it does not serve, and a delay on every request.
 */
class KubeStandInTest {

    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/inference/deployments";
    private final HttpClient http = HttpClient.newHttpClient();
    private final KubeStandIn kube = start();

    private static KubeStandIn start() {
        try {
            return KubeStandIn.start(Duration.ofMillis(10));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        kube.close();
    }

    private static String deployment(String name, int replicas) {
        return """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s","namespace":"inference",
                 "labels":{"app.kubernetes.io/managed-by":"sextant","sextant.io/name":"%s"}},
                 "spec":{"replicas":%d,"template":{"spec":{"containers":[{"name":"server","image":"vllm"}]}}}}
                """.formatted(name, name, replicas);
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(kube.url() + path));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> apply(String name, String manager, String body) throws Exception {
        return send("PATCH", DEPLOYMENTS + "/" + name + (manager == null ? "" : "?fieldManager=" + manager + "&force=false"),
                "application/apply-patch+yaml", body);
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    @Test
    void applyCreatesThenUpdatesWithServerMetadataAndAnAvailableRollout() throws Exception {
        HttpResponse<String> created = apply("a", "sextant", deployment("a", 2));
        HttpResponse<String> updated = apply("a", "sextant", deployment("a", 3));
        HttpResponse<String> same = apply("a", "sextant", deployment("a", 3));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode first = json(created).path("metadata");
        JsonNode now = json(send("GET", DEPLOYMENTS + "/a", null, null));
        assertThat(now.path("metadata").path("uid").asString()).isEqualTo(first.path("uid").asString()).isNotBlank();
        assertThat(now.path("metadata").path("creationTimestamp").asString()).isNotBlank();
        assertThat(now.path("metadata").path("resourceVersion").asString())
                .isNotEqualTo(first.path("resourceVersion").asString());
        assertThat(json(same).path("metadata").path("generation").asInt()).isEqualTo(2);
        assertThat(now.path("spec").path("replicas").asInt()).isEqualTo(3);
        JsonNode status = now.path("status");
        assertThat(status.path("observedGeneration").asInt()).isEqualTo(2);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("readyReplicas").asInt()).isEqualTo(3);
        assertThat(status.path("conditions").path(0).path("type").asString()).isEqualTo("Available");
        assertThat(status.path("conditions").path(0).path("status").asString()).isEqualTo("True");
    }

    @Test
    void listsByLabelSelectorAndDeletes() throws Exception {
        apply("a", "sextant", deployment("a", 1));
        apply("b", "sextant", deployment("b", 1));

        JsonNode list = json(send("GET", DEPLOYMENTS + "?labelSelector=sextant.io%2Fname%3Db", null, null));
        HttpResponse<String> deleted = send("DELETE", DEPLOYMENTS + "/a", "application/json",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Background\"}");
        HttpResponse<String> gone = send("GET", DEPLOYMENTS + "/a", null, null);

        assertThat(list.path("kind").asString()).isEqualTo("DeploymentList");
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").path(0).path("metadata").path("name").asString()).isEqualTo("b");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(json(deleted).path("status").asString()).isEqualTo("Success");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone).path("reason").asString()).isEqualTo("NotFound");
        assertThat(json(gone).path("message").asString()).isEqualTo("deployments.apps \"a\" not found");
        assertThat(kube.requests()).containsEntry("apply deployments", 2L).containsEntry("list deployments", 1L)
                .containsEntry("delete deployments", 1L).containsEntry("get deployments", 1L);
    }

    @Test
    void refusesWhatTheApiServerRefuses() throws Exception {
        apply("a", "sextant", deployment("a", 1));

        HttpResponse<String> noManager = apply("b", null, deployment("b", 1));
        HttpResponse<String> otherManager = apply("a", "kubectl", deployment("a", 5));
        HttpResponse<String> wrongName = apply("c", "sextant", deployment("d", 1));
        HttpResponse<String> mergePatch = send("PATCH", DEPLOYMENTS + "/a", "application/merge-patch+json", "{}");
        HttpResponse<String> route = send("GET", "/apis/gateway.networking.k8s.io/v1/namespaces/inference/httproutes", null, null);

        assertThat(noManager.statusCode()).isEqualTo(422);
        assertThat(json(noManager).path("message").asString()).contains("fieldManager: Required value");
        assertThat(otherManager.statusCode()).isEqualTo(409);
        assertThat(json(otherManager).path("reason").asString()).isEqualTo("Conflict");
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(mergePatch.statusCode()).isEqualTo(415);
        assertThat(route.statusCode()).isEqualTo(404);
        assertThat(route.body()).isEqualTo("404 page not found\n");
        assertThat(json(send("GET", DEPLOYMENTS + "/a", null, null)).path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void everyRequestWaitsTheAddedLatency() throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            send("GET", DEPLOYMENTS + "/missing", null, null);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
    }
}
