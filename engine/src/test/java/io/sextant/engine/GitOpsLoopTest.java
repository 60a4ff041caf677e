package io.sextant.engine;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.WriteCounting;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole GitOps loop, as a user lives it: specs pushed with the {@code git} client to a repository
 * served over authenticated smart HTTP, reconciled onto the {@code sim} backend, audited. The steps
 * build on each other like a user's session, so they run in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitOpsLoopTest {

    static final String ADMIN_TOKEN = "test-admin-token";
    static final Path ROOT;
    static final Path WORK;
    static final GitHttpServer SERVER;

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-loop");
            Path repos = Files.createDirectories(ROOT.resolve("server"));
            GitCli.initBare(repos.resolve("fleet.git"));
            SERVER = GitHttpServer.start(repos, "sextant", "s3cret-token");
            WORK = GitCli.initRepo(ROOT.resolve("work"));
            copySample(WORK);
            commitAll(WORK, "Import the fleet");
            git(WORK, "remote", "add", "origin", SERVER.authenticatedUrl("fleet"));
            git(WORK, "push", "-q", "origin", "main");
            Files.writeString(ROOT.resolve("git-token"), "s3cret-token\n");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN_TOKEN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", () -> SERVER.url("fleet"));
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sources[0].auth.username", () -> "sextant");
        registry.add("sextant.sources[0].auth.token-file", () -> ROOT.resolve("git-token").toString());
        registry.add("sextant.sync.max-deletions", () -> "2");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[A100-40GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[L4-24GB]", () -> "8");
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    BackendRegistry backends;

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    EngineClient client() {
        return new EngineClient(port, ADMIN_TOKEN);
    }

    long simWrites() {
        return ((WriteCounting) backends.find("sim-local").orElseThrow()).writeCalls();
    }

    void push(String message) {
        commitAll(WORK, message);
        git(WORK, "push", "-q", "origin", "main");
    }

    void syncAndWait() throws InterruptedException {
        client().sync();
        assertThat(reconciler.awaitIdle(30_000)).as("reconcile finished").isTrue();
    }

    @Test
    @Order(1)
    void startUpSyncsEverySampleResourceToHealthy() {
        EngineClient client = client();
        EngineClient.await("every sample resource Synced and Healthy", Duration.ofSeconds(60), () -> {
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            if (items.size() != 7) {
                return false;
            }
            for (JsonNode item : items) {
                if (!item.get("sync").asString().equals("Synced") || !item.get("health").asString().equals("Healthy")) {
                    return false;
                }
            }
            return true;
        });
        JsonNode chat = client.resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(chat.get("appliedRevision").asString()).isEqualTo(GitCli.head(WORK));
        assertThat(chat.get("backend").asString()).isEqualTo("sim-local");
        JsonNode adapter = client.resource("LoraAdapter", "search", "sql-lora");
        assertThat(adapter.get("backend").asString()).as("an adapter lives on its deployment's backend").isEqualTo("sim-local");
        assertThat(client.getJson("/api/v1/audit?action=create").get("items")).hasSize(7);
    }

    @Test
    @Order(2)
    void pushedReplicaChangeIsAppliedAndAuditedOnce() throws Exception {
        Path file = WORK.resolve("teams/search/llama-3-8b-chat.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
        push("search: scale llama-3-8b-chat to 3 replicas");
        String commit = GitCli.head(WORK);

        syncAndWait();

        EngineClient client = client();
        JsonNode detail = client.getJson("/api/v1/resources/ModelDeployment/search/llama-3-8b-chat");
        assertThat(detail.get("observed").get("spec").get("replicas").asInt()).isEqualTo(3);
        assertThat(detail.get("appliedRevision").asString()).isEqualTo(commit);
        JsonNode events = client.getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).hasSize(1);
        JsonNode event = events.get(0);
        assertThat(event.get("action").asString()).isEqualTo("update");
        assertThat(event.get("outcome").asString()).isEqualTo("succeeded");
        assertThat(event.get("commitMessage").asString()).startsWith("search: scale llama-3-8b-chat");
        assertThat(event.get("diff").toString())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"from\":2,\"value\":3}]");
    }

    @Test
    @Order(3)
    void reconcilingAgainWritesNothingAndRecordsNothing() throws Exception {
        long writes = simWrites();
        int events = client().getJson("/api/v1/audit?limit=10000").get("items").size();

        syncAndWait();

        assertThat(simWrites()).isEqualTo(writes);
        assertThat(client().getJson("/api/v1/audit?limit=10000").get("items")).hasSize(events);
    }

    @Test
    @Order(4)
    void brokenFileChangesNothingLiveAndIsReportedWithFileAndLine() throws Exception {
        long writes = simWrites();
        Path file = WORK.resolve("teams/embeddings/bge-large-en.yaml");
        String good = Files.readString(file);
        Files.writeString(file, good.replace("replicas: 2", "replicas: 5\n  broken: [unclosed"));
        push("embeddings: a broken edit");

        syncAndWait();

        EngineClient client = client();
        JsonNode source = client.getJson("/api/v1/sources").get("items").get(0);
        assertThat(source.get("lastSeenRevision").asString()).isEqualTo(GitCli.head(WORK));
        assertThat(source.get("lastSyncedRevision").asString()).as("a commit with a broken file is not fully applied")
                .isNotEqualTo(GitCli.head(WORK));
        assertThat(source.get("notAppliedReason").asString()).isEqualTo("1 spec error");
        JsonNode errors = source.get("errors");
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).get("path").asString()).isEqualTo("teams/embeddings/bge-large-en.yaml");
        assertThat(errors.get(0).get("line").asInt()).isPositive();
        JsonNode resource = client.resource("ModelDeployment", "embeddings", "bge-large-en");
        assertThat(resource).as("the resource of a broken file stays").isNotNull();
        assertThat(resource.get("message").asString()).contains("teams/embeddings/bge-large-en.yaml:");
        assertThat(client.getJson("/api/v1/resources").get("items")).hasSize(7);
        assertThat(simWrites()).as("nothing live changed").isEqualTo(writes);

        Files.writeString(file, good.replace("replicas: 2", "replicas: 1"));
        push("embeddings: fix the edit, one replica");
        syncAndWait();

        JsonNode fixed = client.getJson("/api/v1/resources/ModelDeployment/embeddings/bge-large-en");
        assertThat(fixed.get("sync").asString()).isEqualTo("Synced");
        assertThat(fixed.get("observed").get("spec").get("replicas").asInt()).isEqualTo(1);
        assertThat(client.getJson("/api/v1/sources").get("items").get(0).get("errors")).isEmpty();
    }

    @Test
    @Order(5)
    void massDeletionIsBlockedVisiblyWithAnEventPerDeletion() throws Exception {
        long writes = simWrites();
        git(WORK, "rm", "-q", "-r", "teams/search");
        push("search: remove everything");
        String commit = GitCli.head(WORK);

        syncAndWait();

        EngineClient client = client();
        JsonNode events = client.getJson("/api/v1/audit?commit=" + commit).get("items");
        assertThat(events).hasSize(4);
        for (JsonNode event : events) {
            assertThat(event.get("action").asString()).isEqualTo("blocked");
            assertThat(event.get("outcome").asString()).isEqualTo("blocked");
            assertThat(event.get("error").asString()).contains("max-deletions");
        }
        JsonNode chat = client.resource("ModelDeployment", "search", "llama-3-8b-chat");
        assertThat(chat.get("operation").asString()).isEqualTo("Blocked");
        assertThat(chat.get("health").asString()).as("still live").isEqualTo("Healthy");
        assertThat(simWrites()).isEqualTo(writes);

        syncAndWait();
        assertThat(client.getJson("/api/v1/audit?commit=" + commit).get("items"))
                .as("the same block of the same commit is recorded once, not on every sync").hasSize(4);

        git(WORK, "revert", "--no-edit", "HEAD");
        git(WORK, "push", "-q", "origin", "main");
        syncAndWait();
        assertThat(client.resource("ModelDeployment", "search", "llama-3-8b-chat").get("sync").asString())
                .isEqualTo("Synced");
    }

    @Test
    @Order(6)
    void removingAFileDeletesItsResourceFromTheBackend() throws Exception {
        git(WORK, "rm", "-q", "teams/ranking/bge-reranker.yaml");
        push("ranking: retire the reranker");
        String commit = GitCli.head(WORK);

        syncAndWait();

        EngineClient client = client();
        assertThat(client.resource("ModelDeployment", "ranking", "bge-reranker")).isNull();
        assertThat(backends.find("sim-local").orElseThrow().observe(new io.sextant.plugin.ResourceKey(
                io.sextant.spec.kinds.ModelDeployment.KIND, "ranking", "bge-reranker"))).isEmpty();
        JsonNode event = client.getJson("/api/v1/audit?commit=" + commit).get("items").get(0);
        assertThat(event.get("action").asString()).isEqualTo("delete");
        assertThat(event.get("outcome").asString()).isEqualTo("succeeded");

        git(WORK, "revert", "--no-edit", "HEAD");
        git(WORK, "push", "-q", "origin", "main");
        syncAndWait();
        assertThat(client.resource("ModelDeployment", "ranking", "bge-reranker").get("health").asString())
                .isEqualTo("Healthy");
    }

    @Test
    @Order(7)
    void auditChainVerifiesAndDetectsTampering() {
        EngineClient client = client();
        JsonNode verify = client.getJson("/api/v1/audit/verify");
        assertThat(verify.get("valid").asBoolean()).isTrue();
        assertThat(verify.get("events").asLong()).isGreaterThanOrEqualTo(12);

        jdbc.sql("UPDATE audit_event SET outcome = 'failed' WHERE id = 2").update();
        try {
            JsonNode tampered = client.getJson("/api/v1/audit/verify");
            assertThat(tampered.get("valid").asBoolean()).isFalse();
        } finally {
            jdbc.sql("UPDATE audit_event SET outcome = 'succeeded' WHERE id = 2").update();
        }
        assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(8)
    void writeEndpointsRefuseCallersWithoutTheAdminToken() {
        EngineClient client = client();
        assertThat(client.post("/api/v1/sync", null).statusCode()).isEqualTo(401);
        assertThat(client.post("/api/v1/sync", "wrong").statusCode()).isEqualTo(401);
        assertThat(client.post("/api/v1/sync", null).headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    @Order(9)
    void planPreviewsACommitWithoutApplyingIt() throws Exception {
        long writes = simWrites();
        Path file = WORK.resolve("teams/ranking/bge-reranker.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 4"));
        push("ranking: more rerankers"); // pushed but not synced: the poll interval is an hour

        JsonNode plan = client().getJson("/api/v1/plan?revision=" + GitCli.head(WORK));

        assertThat(plan.get("changes").asInt()).isEqualTo(1);
        JsonNode step = plan.get("steps").get(0);
        assertThat(step.get("action").asString()).isEqualTo("update");
        assertThat(step.get("resource").get("name").asString()).isEqualTo("bge-reranker");
        assertThat(step.get("diff").get(0).get("value").asInt()).isEqualTo(4);
        assertThat(simWrites()).isEqualTo(writes);
        assertThat(client().resource("ModelDeployment", "ranking", "bge-reranker").get("sync").asString())
                .isEqualTo("Synced");
    }

    @Test
    @Order(10)
    void planPreviewsABranchATagAndShortAndFullCommitIdsByName() throws Exception {
        String main = GitCli.head(WORK);
        git(WORK, "checkout", "-q", "-b", "preview");
        Path file = WORK.resolve("teams/ranking/bge-reranker.yaml");
        Files.writeString(file, Files.readString(file).replaceAll("replicas: \\d+", "replicas: 5"));
        commitAll(WORK, "ranking: try five rerankers");
        git(WORK, "push", "-q", "origin", "preview");
        String preview = GitCli.head(WORK);
        git(WORK, "tag", "try-five");
        git(WORK, "push", "-q", "origin", "try-five");
        git(WORK, "checkout", "-q", "main");

        JsonNode branch = client().getJson("/api/v1/plan?revision=preview");
        JsonNode tag = client().getJson("/api/v1/plan?revision=try-five");
        JsonNode fullId = client().getJson("/api/v1/plan?revision=" + preview);
        JsonNode shortId = client().getJson("/api/v1/plan?revision=" + main.substring(0, 7));

        assertThat(branch.get("steps").get(0).get("diff").get(0).get("value").asInt()).as("the branch's head")
                .isEqualTo(5);
        assertThat(tag.get("steps").get(0).get("diff").get(0).get("value").asInt()).as("the tag's commit")
                .isEqualTo(5);
        assertThat(fullId.get("steps").get(0).get("diff").get(0).get("value").asInt()).as("a full commit id")
                .isEqualTo(5);
        assertThat(shortId.get("steps").get(0).get("diff").get(0).get("value").asInt()).isEqualTo(4);
        assertThat(client().get("/api/v1/plan?revision=no-such-branch").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(11)
    void unknownResourceIsAProblemDocument() {
        var response = client().get("/api/v1/resources/ModelDeployment/search/nope");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("ModelDeployment/search/nope");
    }

    static void copySample(Path target) throws IOException {
        Path sample = Path.of("..", "sample-repo").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sample)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        for (Path file : files) {
            Path to = target.resolve(sample.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
        }
    }
}
