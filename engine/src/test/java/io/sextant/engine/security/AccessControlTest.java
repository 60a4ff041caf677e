package io.sextant.engine.security;

import static io.sextant.engine.security.GuardedFleet.ADMIN;
import static io.sextant.engine.security.GuardedFleet.READER;
import static io.sextant.engine.security.GuardedFleet.SECRETS;
import static io.sextant.engine.security.GuardedFleet.URL_PASSWORD;
import static io.sextant.engine.security.GuardedFleet.URL_USER_TOKEN;
import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * Access control as a caller sees it, on an engine process holding every kind of secret
 * ({@link GuardedFleet}). Anonymous and read-only callers cannot trigger a sync; nobody, not even the
 * admin, gets a secret back from any endpoint, and none is in the process's log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlTest {

    GuardedFleet fleet;
    RecordingClient client;

    @BeforeAll
    void startEngine() throws Exception {
        fleet = GuardedFleet.start();
        client = new RecordingClient(fleet.engine.port);
        await("the fleet source synced", () -> {
            JsonNode resources = json(get("/api/v1/resources", READER));
            return resources.get("items").size() == 1
                    && resources.get("items").get(0).get("sync").asString().equals("Synced");
        });
        await("the missing repository reported", () -> source("gone").get("errors").size() > 0);
    }

    @AfterAll
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void anonymousCallersCannotReadWhenAReadTokenIsSet() throws Exception {
        for (String path : List.of("/api/v1/resources", "/api/v1/sources", "/api/v1/audit", "/api/v1/notifications",
                "/api/v1/events",
                "/actuator/prometheus")) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertProblem(response, 401);
            assertThat(get(path, "not-the-token").statusCode()).as(path + " with a wrong token").isEqualTo(401);
        }
        assertThat(get("/actuator/health", null).statusCode()).as("probes need no token").isEqualTo(200);
    }

    @Test
    @Order(2)
    void theReadTokenReadsResourcesSourcesAuditAndMetrics() throws Exception {
        assertThat(json(get("/api/v1/resources", READER)).get("items").get(0).get("name").asString())
                .isEqualTo("llama-3-8b-chat");
        assertThat(json(get("/api/v1/audit", READER)).get("items")).hasSize(1);
        HttpResponse<String> metrics = get("/actuator/prometheus", READER);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("sextant_resources{");
        assertThat(get("/api/v1/resources", ADMIN).statusCode()).as("the admin token reads too").isEqualTo(200);
    }

    @Test
    @Order(3)
    void anonymousAndReadOnlyCallersCannotTriggerASync() throws Exception {
        String before = source("fleet").get("lastFetchedRevision").asString();
        long manualBefore = manualRuns("fleet");
        Path file = fleet.work.resolve("teams/search/chat.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
        commitAll(fleet.work, "three replicas");
        git(fleet.work, "push", "-q", "origin", "main");

        HttpResponse<String> anonymous = post("/api/v1/sync", null);
        HttpResponse<String> reader = post("/api/v1/sync?source=fleet", READER);
        HttpResponse<String> wrong = post("/api/v1/sync", "guess");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertProblem(anonymous, 401);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertProblem(reader, 403);
        assertThat(json(reader).get("detail").asString()).contains("read token cannot change state");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(source("fleet").get("lastFetchedRevision").asString()).as("nothing fetched").isEqualTo(before);

        assertThat(post("/api/v1/sync?source=fleet", ADMIN).statusCode()).isEqualTo(202);
        await("the admin's sync fetched the push", () -> source("fleet").get("lastFetchedRevision").asString()
                .equals(GitCli.head(fleet.work)));
        // A run a refused call had started would have begun before the admin's: the engine's own count of
        // manual runs shows whether the window between them held one.
        await("the admin's sync finished", () -> manualRuns("fleet") > manualBefore
                && !source("fleet").get("reconciling").asBoolean());
        assertThat(manualRuns("fleet")).as("manual runs: the admin's alone").isEqualTo(manualBefore + 1);
    }

    @Test
    @Order(4)
    void aTokenInTheQueryStringIsRefused() throws Exception {
        HttpResponse<String> response = get("/api/v1/resources?access_token=" + READER, null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, 400);
        assertThat(post("/api/v1/sync?token=" + ADMIN, null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void sourcesShowUrlsAndGitErrorsWithoutTheirCredentials() throws Exception {
        JsonNode mirror = source("mirror");
        assertThat(mirror.get("url").asString()).startsWith("http://").contains("127.0.0.1").doesNotContain(URL_PASSWORD);
        assertThat(mirror.get("lastSyncedRevision").isNull()).as("the mirror syncs with its URL password").isFalse();
        JsonNode gone = source("gone");
        assertThat(gone.get("errors").get(0).get("message").asString()).isNotBlank();
        assertThat(gone.toString()).doesNotContain(URL_USER_TOKEN);
    }

    @Test
    @Order(6)
    void noResponseToAnyoneCarriesASecret() throws Exception {
        List<String> paths = List.of("/", "/index.html", "/api/v1/sources", "/api/v1/resources",
                "/api/v1/resources/ModelDeployment/search/llama-3-8b-chat", "/api/v1/audit?limit=1000",
                "/api/v1/audit/verify", "/api/v1/plan?source=fleet&revision=main", "/api/v1/plan?source=gone&revision=main",
                "/api/v1/overview", "/api/v1/backends", "/api/v1/nope", "/actuator", "/actuator/health",
                "/actuator/info", "/actuator/prometheus", "/actuator/env", "/actuator/configprops", "/v3/api-docs");
        for (String path : paths) {
            for (String token : java.util.Arrays.asList(null, READER, ADMIN)) {
                get(path, token);
            }
        }
        post("/api/v1/sync?source=nope", ADMIN);
        webhook("sha256=" + "0".repeat(64));
        webhook(null);

        assertThat(client.responses()).hasSizeGreaterThan(50);
        for (String response : client.responses()) {
            for (String secret : SECRETS) {
                assertThat(response).as("a response").doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(7)
    void theEngineLogHoldsNoSecret() throws Exception {
        String log = fleet.engine.output();
        assertThat(log).contains("Started SextantApplication");
        assertThat(log).as("no default user of Spring Security").doesNotContainIgnoringCase("generated security password");
        for (String secret : SECRETS) {
            assertThat(log).as("the engine's log").doesNotContain(secret);
        }
    }

    /** Manual reconciles of a source the engine finished, from {@code sextant_reconcile_seconds_count}. */
    long manualRuns(String source) {
        String body = get("/actuator/prometheus", READER).body();
        Matcher sample = Pattern.compile("^sextant_reconcile_seconds_count\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(body);
        long runs = 0;
        while (sample.find()) {
            if (sample.group(1).contains("source=\"" + source + "\"") && sample.group(1).contains("trigger=\"manual\"")) {
                runs += (long) Double.parseDouble(sample.group(2));
            }
        }
        return runs;
    }

    JsonNode source(String name) {
        for (JsonNode item : json(get("/api/v1/sources", READER)).get("items")) {
            if (item.get("name").asString().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no source " + name);
    }

    void webhook(String signature) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", "d-" + System.nanoTime()));
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        client.postJson("/api/v1/webhooks/github", headers, "{\"ref\":\"refs/heads/main\",\"repository\":"
                + "{\"clone_url\":\"" + fleet.fleetServer.url("fleet") + "\"}}");
    }

    HttpResponse<String> get(String path, String token) {
        return client.get(path, token);
    }

    HttpResponse<String> post(String path, String token) {
        return client.post(path, token);
    }

    static JsonNode json(HttpResponse<String> response) {
        return RecordingClient.json(response);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
