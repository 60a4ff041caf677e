package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.git.testing.GitCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/**
 * Suspend and resume (issue 14) on a real engine with the embedded sample fleet, self-heal on and a drift scan
 * every second: a suspended resource edited by hand is reported once and never healed until resumed; a commit
 * to it waits for resume, then applies once; a suspended source applies nothing. The steps build on each other
 * like an operator's session, so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuspendTest {

    static final String RERANKER = "/api/v1/resources/ModelDeployment/ranking/bge-reranker";
    static final String FILE = "teams/ranking/bge-reranker.yaml";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    EngineClient client;
    String token;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir, "sextant.drift.interval=1s",
                        "sextant.sync.self-heal=true")
                .run();
        client = DriftTest.client(engine, dataDir);
        token = Files.readString(dataDir.resolve("admin-token")).trim();
        DriftTest.awaitSynced(client);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void aSuspendedResourceEditedByHandIsReportedOnceAndNeverHealed() throws Exception {
        HttpResponse<String> suspended = post(RERANKER + "/suspend?reason=incident%2042", token);
        assertThat(suspended.statusCode()).isEqualTo(200);
        JsonNode item = JSON.readTree(suspended.body());
        assertThat(item.get("suspended").asBoolean()).isTrue();
        assertThat(item.get("suspendedBy").asString()).isEqualTo("admin-token");
        assertThat(item.get("suspendReason").asString()).isEqualTo("incident 42");

        DriftTest.sim(engine).setField(DriftTest.RERANKER, "/spec/replicas", IntNode.valueOf(5));

        EngineClient.await("drift detected", Duration.ofSeconds(30), () -> events("drift-detected") == 1);
        MeterRegistry meters = engine.getBean(MeterRegistry.class);
        Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"), 3, Duration.ofSeconds(30));
        assertThat(events("drift-detected")).as("reported once while it lasts").isEqualTo(1);
        assertThat(events("drift-corrected")).as("self-heal is on, yet nothing healed").isZero();
        JsonNode detail = client.getJson(RERANKER);
        assertThat(detail.get("observed").get("spec").get("replicas").asInt()).isEqualTo(5);
        assertThat(detail.get("sync").asString()).isEqualTo("OutOfSync");
        assertThat(detail.get("message").asString()).startsWith("suspended by admin-token at ")
                .contains(": incident 42", "not healed while suspended", "/spec/replicas is 5, Git says 2");

        JsonNode event = client.getJson("/api/v1/audit?action=suspend").get("items").get(0);
        assertThat(event.get("actor").get("subject").asString()).isEqualTo("admin-token");
        assertThat(event.get("resource").get("name").asString()).isEqualTo("bge-reranker");
        assertThat(event.get("diff").toString()).contains("\"path\":\"/suspended\"", "\"reason\":\"incident 42\"");
    }

    @Test
    @Order(2)
    void suspendingTwiceChangesNothing() throws Exception {
        HttpResponse<String> again = post(RERANKER + "/suspend?reason=another", token);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).get("suspendReason").asString()).isEqualTo("incident 42");
        assertThat(client.getJson("/api/v1/audit?action=suspend").get("items").size()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void resumeHealsTheDriftThatRemainedOnce() throws Exception {
        HttpResponse<String> resumed = post(RERANKER + "/resume", token);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(resumed.body()).get("suspended").asBoolean()).isFalse();

        EngineClient.await("the drift healed", Duration.ofSeconds(30), () -> events("drift-corrected") == 1);
        DriftTest.awaitSynced(client);
        assertThat(client.getJson(RERANKER).get("observed").get("spec").get("replicas").asInt()).isEqualTo(2);
        assertThat(events("drift-detected")).isEqualTo(1);
        assertThat(client.getJson("/api/v1/audit?action=resume").get("items").get(0).get("actor").get("subject")
                .asString()).isEqualTo("admin-token");
    }

    @Test
    @Order(4)
    void aCommitToASuspendedResourceWaitsForResumeThenAppliesOnce() throws Exception {
        assertThat(post(RERANKER + "/suspend", token).statusCode()).isEqualTo(200);
        String commit = commitReplicas(3);
        client.sync(); // even "sync now" leaves a suspended resource alone

        EngineClient.await("the commit seen", Duration.ofSeconds(30),
                () -> commit.equals(client.getJson(RERANKER).get("desiredRevision").asString()));
        MeterRegistry meters = engine.getBean(MeterRegistry.class);
        Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"), 2, Duration.ofSeconds(30));
        JsonNode held = client.getJson(RERANKER);
        assertThat(held.get("appliedRevision").asString()).isNotEqualTo(commit);
        assertThat(held.get("sync").asString()).isEqualTo("OutOfSync");
        assertThat(held.get("operation").asString()).as("nothing attempted, nothing refused").isNotIn("Blocked", "Failed");
        assertThat(held.get("message").asString()).contains("suspended by admin-token", "update waits for resume");
        assertThat(held.get("observed").get("spec").get("replicas").asInt()).isEqualTo(2);
        assertThat(updates(commit)).isZero();

        post(RERANKER + "/resume", token);
        EngineClient.await("the commit applied", Duration.ofSeconds(30),
                () -> commit.equals(client.getJson(RERANKER).get("appliedRevision").asString()));
        Reconciles.awaitMore(meters, "drift", Reconciles.finished(meters, "drift"), 2, Duration.ofSeconds(30));
        assertThat(updates(commit)).as("applied once").isEqualTo(1);
        assertThat(client.getJson(RERANKER).get("observed").get("spec").get("replicas").asInt()).isEqualTo(3);
    }

    @Test
    @Order(5)
    void aSuspendedSourceAppliesNoCommitUntilResumed() throws Exception {
        HttpResponse<String> suspended = post("/api/v1/sources/sample/suspend", token, "{\"reason\": \"freeze\"}");
        assertThat(suspended.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(suspended.body()).get("suspendReason").asString()).isEqualTo("freeze");
        JsonNode source = client.getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("suspended").asBoolean()).isTrue();

        HttpResponse<String> ownResume = post(RERANKER + "/resume", token);
        assertThat(ownResume.statusCode()).as("held by its source, not itself: " + ownResume.body()).isEqualTo(409);
        assertThat(ownResume.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        String commit = commitReplicas(4);
        client.sync();
        EngineClient.await("the commit seen", Duration.ofSeconds(30),
                () -> commit.equals(client.getJson(RERANKER).get("desiredRevision").asString()));
        JsonNode held = client.getJson(RERANKER);
        assertThat(held.get("suspended").asBoolean()).isTrue();
        assertThat(held.get("suspendedWith").asString()).isEqualTo("source");
        assertThat(held.get("message").asString()).startsWith("source sample suspended by admin-token");
        assertThat(updates(commit)).isZero();
        JsonNode event = client.getJson("/api/v1/audit?action=suspend").get("items").get(0);
        assertThat(event.get("source").asString()).isEqualTo("sample");
        assertThat(event.get("resource").isNull()).as("a whole source names no resource").isTrue();

        assertThat(post("/api/v1/sources/sample/resume", token).statusCode()).isEqualTo(200);
        EngineClient.await("the commit applied", Duration.ofSeconds(30),
                () -> commit.equals(client.getJson(RERANKER).get("appliedRevision").asString()));
        assertThat(updates(commit)).isEqualTo(1);
    }

    @Test
    @Order(6)
    void refusesWhatItCannotDoWithAClearProblem() throws Exception {
        assertThat(post(RERANKER + "/suspend", null).statusCode()).isEqualTo(401);
        HttpResponse<String> missing = post("/api/v1/resources/ModelDeployment/ranking/nope/suspend", token);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(post("/api/v1/sources/nope/suspend", token).statusCode()).isEqualTo(404);
        // A reason is shown on statuses, logs and notifications: one line, so it cannot forge another.
        HttpResponse<String> forged = post(RERANKER + "/suspend?reason=ok%0Aresumed%20by%20admin", token);
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("reason: must be one line");
        assertThat(client.getJson(RERANKER).get("suspended").asBoolean()).isFalse();
        assertThat(post(RERANKER + "/suspend?reason=" + "x".repeat(501), token).statusCode()).isEqualTo(400);
        assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
    }

    private String commitReplicas(int replicas) throws Exception {
        Path repo = dataDir.resolve("sample-repo");
        Path file = repo.resolve(FILE);
        Files.writeString(file, Files.readString(file).replaceAll("replicas: \\d+", "replicas: " + replicas));
        return GitCli.commitAll(repo, "reranker: " + replicas + " replicas");
    }

    private int events(String action) {
        return client.getJson("/api/v1/audit?action=" + action + "&name=bge-reranker").get("items").size();
    }

    private int updates(String commit) {
        return client.getJson("/api/v1/audit?action=update&name=bge-reranker&commit=" + commit).get("items").size();
    }

    private HttpResponse<String> post(String path, String bearer) throws Exception {
        return post(path, bearer, null);
    }

    private HttpResponse<String> post(String path, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                + engine.getEnvironment().getProperty("local.server.port") + path));
        request = json == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
