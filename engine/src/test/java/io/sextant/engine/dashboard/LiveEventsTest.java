package io.sextant.engine.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard's server side without a browser: the event stream ({@code GET /api/v1/events}) and the
 * read-only views it adds, on a real engine running its embedded default (the sample repository).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext engine;
    EngineClient client;
    int port;

    @BeforeAll
    void start() throws Exception {
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + dataDir, "sextant.dashboard.heartbeat=1s",
                        "sextant.dashboard.max-clients=3")
                .run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        client = new EngineClient(port, Files.readString(dataDir.resolve("admin-token")).trim());
        EngineClient.await("the sample fleet synced", Duration.ofSeconds(60), () -> {
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            return items.size() == 7 && items.valueStream().allMatch(i -> i.get("sync").asString().equals("Synced"));
        });
    }

    @AfterAll
    void stop() {
        engine.close();
    }

    @Test
    void pushedCommitArrivesAsResourceAuditAndReconcileEvents() throws Exception {
        try (SseClient stream = SseClient.open(port)) {
            assertThat(stream.response().statusCode()).isEqualTo(200);
            assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            stream.await("hello", Duration.ofSeconds(10), e -> e.name().equals("hello"));

            Path repo = dataDir.resolve("sample-repo");
            Path file = repo.resolve("teams/embeddings/bge-large-en.yaml");
            Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
            String commit = GitCli.commitAll(repo, "embeddings: three replicas");
            client.sync();

            JsonNode resource = JSON.readTree(stream.await("a resource event with the new commit", Duration.ofSeconds(60),
                    e -> e.name().equals("resource") && e.data().contains("\"bge-large-en\"")
                            && e.data().contains("\"appliedRevision\":\"" + commit + "\"")).data());
            assertThat(resource.get("kind").asString()).isEqualTo("ModelDeployment");
            assertThat(resource.get("namespace").asString()).isEqualTo("embeddings");
            assertThat(resource.get("sync").asString()).isEqualTo("Synced");
            JsonNode audit = JSON.readTree(stream.await("the audit event", Duration.ofSeconds(30),
                    e -> e.name().equals("audit") && e.data().contains("\"bge-large-en\"")).data());
            assertThat(audit.get("action").asString()).isEqualTo("update");
            assertThat(audit.get("commit").asString()).isEqualTo(commit);
            assertThat(audit.get("diff").toString()).contains("/spec/replicas");
            JsonNode reconcile = JSON.readTree(stream.await("the reconcile event", Duration.ofSeconds(30),
                    e -> e.name().equals("reconcile") && e.data().contains(commit)).data());
            assertThat(reconcile.get("source").asString()).isEqualTo("sample");
            assertThat(reconcile.get("trigger").asString()).isEqualTo("manual");
            assertThat(reconcile.get("commit").get("shortId").asString()).isEqualTo(commit.substring(0, 7));
            assertThat(reconcile.get("applied").asInt()).isEqualTo(1);
        }
    }

    @Test
    void idleStreamGetsHeartbeatComments() throws Exception {
        try (SseClient stream = SseClient.open(port)) {
            SseClient.Event heartbeat = stream.await("a heartbeat comment", Duration.ofSeconds(10),
                    e -> e.name().equals(":comment"));
            assertThat(heartbeat.data()).isEqualTo("heartbeat");
        }
    }

    @Test
    void clientsBeyondTheLimitAreRefusedAndClosedStreamsFreeTheirSlot() throws Exception {
        EventStream streams = engine.getBean(EventStream.class);
        EngineClient.await("earlier streams gone", Duration.ofSeconds(15), () -> streams.clientCount() == 0);
        SseClient first = SseClient.open(port);
        SseClient second = SseClient.open(port);
        SseClient third = SseClient.open(port);
        try (SseClient refused = SseClient.open(port)) {
            assertThat(refused.response().statusCode()).isEqualTo(503);
            assertThat(refused.response().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(refused.response().headers().firstValue("Retry-After")).hasValue("10");
        }
        first.close();
        second.close();
        third.close();

        // The heartbeat (every second here) finds the closed connections.
        EngineClient.await("closed streams forgotten", Duration.ofSeconds(15), () -> streams.clientCount() == 0);
        try (SseClient again = SseClient.open(port)) {
            assertThat(again.response().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void backendsReportGpuUsedAndTotalPerType() {
        JsonNode backend = client.getJson("/api/v1/backends").get("items").get(0);

        assertThat(backend.get("name").asString()).isEqualTo("sim-local");
        assertThat(backend.get("type").asString()).isEqualTo("sim");
        assertThat(backend.get("capacityKnown").asBoolean()).isTrue();
        JsonNode h100 = backend.get("gpus").valueStream()
                .filter(g -> g.get("type").asString().equals("H100-80GB")).findFirst().orElseThrow();
        assertThat(h100.get("total").asInt()).isEqualTo(8);
        assertThat(h100.get("used").asInt()).as("the sample fleet places models on H100s").isPositive();
    }

    @Test
    void overviewCountsEveryStatusAndHasNoLinksForALocalRepository() {
        JsonNode overview = client.getJson("/api/v1/overview");

        assertThat(overview.get("resources").asInt()).isEqualTo(7);
        assertThat(overview.get("sync").get("Synced").asInt()).isEqualTo(7);
        assertThat(overview.get("sync").get("OutOfSync").asInt()).isZero();
        assertThat(overview.get("health").has("Degraded")).isTrue();
        JsonNode source = overview.get("sources").get(0);
        assertThat(source.get("name").asString()).isEqualTo("sample");
        assertThat(source.get("links").isNull()).as("a local path has no web page").isTrue();
    }

    @Test
    void dashboardIsServedAtTheRootWithAPolicyThatForbidsOtherOrigins() {
        var page = client.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Sextant</title>", "js/app.js");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("default-src 'self'", "script-src 'self'"));
        assertThat(client.get("/js/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).contains("javascript"));
    }
}
