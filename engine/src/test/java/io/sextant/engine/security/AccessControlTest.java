package io.sextant.engine.security;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access control as a caller sees it, on an engine process that reads its admin token, read token,
 * Git token and webhook secret from environment variables, and watches one source with a password
 * written into its URL and one, failing, with a token written into its URL. Anonymous and read-only callers cannot
 * trigger a sync; nobody, not even the admin, gets a secret back from any endpoint or the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessControlTest {

    static final String ADMIN = "admin-7f3a9c1e5b";
    static final String READER = "reader-2d8e4f6a0c";
    static final String GIT_TOKEN = "gittoken-91b7c3e5";
    static final String URL_PASSWORD = "urlpass-4c6e8a0b2d";
    static final String URL_USER_TOKEN = "ghp_urltoken8a6c4e2f0";
    static final String WEBHOOK_SECRET = "hooksecret-5e7a9c1b3d";
    static final List<String> SECRETS = List.of(ADMIN, READER, GIT_TOKEN, URL_PASSWORD, URL_USER_TOKEN, WEBHOOK_SECRET);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HttpClient http = HttpClient.newHttpClient();
    final List<String> seen = new ArrayList<>();
    Path root;
    Path work;
    GitHttpServer fleetServer;
    GitHttpServer mirrorServer;
    EngineProcess engine;

    @BeforeAll
    void startEngine() throws Exception {
        root = Files.createTempDirectory("sextant-access");
        Path fleetRepos = Files.createDirectories(root.resolve("fleet-server"));
        GitCli.initBare(fleetRepos.resolve("fleet.git"));
        fleetServer = GitHttpServer.start(fleetRepos, "sextant", GIT_TOKEN);
        work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "teams/search/chat.yaml", Files.readString(
                Path.of("..", "sample-repo", "teams", "search", "llama-3-8b-chat.yaml")));
        commitAll(work, "One deployment");
        git(work, "remote", "add", "origin", fleetServer.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");

        Path mirrorRepos = Files.createDirectories(root.resolve("mirror-server"));
        GitCli.initBare(mirrorRepos.resolve("mirror.git"));
        mirrorServer = GitHttpServer.start(mirrorRepos, "sextant", URL_PASSWORD);
        Path mirrorWork = GitCli.initRepo(root.resolve("mirror-work"));
        GitCli.writeFile(mirrorWork, "README.md", "no specs here\n");
        commitAll(mirrorWork, "Empty mirror");
        git(mirrorWork, "remote", "add", "origin", mirrorServer.authenticatedUrl("mirror"));
        git(mirrorWork, "push", "-q", "origin", "main");

        engine = EngineProcess.start(Files.createDirectories(root.resolve("run")), Map.of(
                "SEXTANT_TEST_ADMIN", ADMIN, "SEXTANT_TEST_READ", READER, "SEXTANT_TEST_GIT_TOKEN", GIT_TOKEN,
                "SEXTANT_TEST_WEBHOOK_SECRET", WEBHOOK_SECRET), List.of(
                "sextant.data-dir=" + root.resolve("data"),
                "sextant.api.admin-token-env=SEXTANT_TEST_ADMIN", "sextant.api.read-token-env=SEXTANT_TEST_READ",
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + fleetServer.url("fleet"),
                "sextant.sources[0].poll-interval=1h", "sextant.sources[0].auth.username=sextant",
                "sextant.sources[0].auth.token-env=SEXTANT_TEST_GIT_TOKEN",
                "sextant.sources[0].webhook.secret-env=SEXTANT_TEST_WEBHOOK_SECRET",
                "sextant.sources[1].name=mirror", "sextant.sources[1].url=" + mirrorServer.authenticatedUrl("mirror"),
                "sextant.sources[1].poll-interval=1h",
                // A token written as the URL's user name, as GitHub personal access tokens often are.
                "sextant.sources[2].name=gone", "sextant.sources[2].url=" + mirrorServer.url("gone")
                        .replace("http://", "http://" + URL_USER_TOKEN + "@"),
                "sextant.sources[2].poll-interval=1h",
                "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=8"));
        await("the fleet source synced", () -> {
            JsonNode resources = json(get("/api/v1/resources", READER));
            return resources.get("items").size() == 1
                    && resources.get("items").get(0).get("sync").asString().equals("Synced");
        });
        await("the missing repository reported", () -> source("gone").get("errors").size() > 0);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        Stream.of(fleetServer, mirrorServer).filter(s -> s != null).forEach(GitHttpServer::close);
    }

    @Test
    @Order(1)
    void anonymousCallersCannotReadWhenAReadTokenIsSet() throws Exception {
        for (String path : List.of("/api/v1/resources", "/api/v1/sources", "/api/v1/audit", "/api/v1/events",
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
        Path file = work.resolve("teams/search/chat.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
        commitAll(work, "three replicas");
        git(work, "push", "-q", "origin", "main");

        HttpResponse<String> anonymous = post("/api/v1/sync", null);
        HttpResponse<String> reader = post("/api/v1/sync?source=fleet", READER);
        HttpResponse<String> wrong = post("/api/v1/sync", "guess");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertProblem(anonymous, 401);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertProblem(reader, 403);
        assertThat(json(reader).get("detail").asString()).contains("read token cannot change state");
        assertThat(wrong.statusCode()).isEqualTo(401);
        Thread.sleep(3_000); // a sync, had one started, fetches within milliseconds
        assertThat(source("fleet").get("lastFetchedRevision").asString()).as("nothing fetched").isEqualTo(before);

        assertThat(post("/api/v1/sync?source=fleet", ADMIN).statusCode()).isEqualTo(202);
        await("the admin's sync fetched the push", () -> source("fleet").get("lastFetchedRevision").asString()
                .equals(GitCli.head(work)));
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
        List<String> paths = new ArrayList<>(List.of("/", "/index.html", "/api/v1/sources", "/api/v1/resources",
                "/api/v1/resources/ModelDeployment/search/llama-3-8b-chat", "/api/v1/audit?limit=1000",
                "/api/v1/audit/verify", "/api/v1/plan?source=fleet&revision=main", "/api/v1/plan?source=gone&revision=main",
                "/api/v1/overview", "/api/v1/backends", "/api/v1/nope", "/actuator", "/actuator/health",
                "/actuator/info", "/actuator/prometheus", "/actuator/env", "/actuator/configprops", "/v3/api-docs"));
        for (String path : paths) {
            for (String token : java.util.Arrays.asList(null, READER, ADMIN)) {
                get(path, token);
            }
        }
        post("/api/v1/sync?source=nope", ADMIN);
        webhook("sha256=" + "0".repeat(64));
        webhook(null);

        assertThat(seen).hasSizeGreaterThan(50);
        for (String response : seen) {
            for (String secret : SECRETS) {
                assertThat(response).as("a response").doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(7)
    void theEngineLogHoldsNoSecret() throws Exception {
        String log = engine.output();
        assertThat(log).contains("Started SextantApplication");
        for (String secret : SECRETS) {
            assertThat(log).as("the engine's log").doesNotContain(secret);
        }
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
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "d-" + System.nanoTime())
                .POST(HttpRequest.BodyPublishers.ofString("{\"ref\":\"refs/heads/main\",\"repository\":{\"clone_url\":\""
                        + fleetServer.url("fleet") + "\"}}"));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        send(request);
    }

    HttpResponse<String> get(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).GET(), token));
    }

    HttpResponse<String> post(String path, String token) {
        return send(authorized(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), token));
    }

    static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + engine.port + path);
    }

    /** Sends a request; the server-sent event stream is read for a moment only. */
    HttpResponse<String> send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            seen.add(response.headers().map() + "\n" + response.body());
            return response;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
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
