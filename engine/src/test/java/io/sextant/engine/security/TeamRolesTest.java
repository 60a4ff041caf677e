package io.sextant.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.SextantApplication;
import io.sextant.engine.security.RawHttp.Answer;
import io.sextant.git.testing.GitCli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
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
 * Roles per team, as Argo CD projects scope them: a person whose groups hold roles in some namespaces (or on
 * some backends) sees only those resources, their audit events, their live messages and their sync windows,
 * and cannot learn of another team's resources through any of them. The sample fleet has teams search, research, ranking and
 * embeddings on the sim-local backend; the provider is a real OpenID Connect server in the test JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamRolesTest {

    static final String ADMIN = "admin-secret-0123";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDir;

    MockOAuth2Server provider;
    ConfigurableApplicationContext engine;
    RawHttp http;
    int port;

    @BeforeAll
    void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        Path secret = Files.writeString(dataDir.resolve("client-secret"), "s3cret");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties("server.port=0",
                "sextant.data-dir=" + dataDir.resolve("engine"), "sextant.api.admin-token=" + ADMIN,
                "sextant.auth.oidc.issuer-uri=" + provider.issuerUrl("corp"),
                "sextant.auth.oidc.client-id=sextant", "sextant.auth.oidc.client-secret-file=" + secret,
                "sextant.auth.roles[0].group=search-readers", "sextant.auth.roles[0].role=viewer",
                "sextant.auth.roles[0].namespaces[0]=search",
                "sextant.auth.roles[1].group=search-ops", "sextant.auth.roles[1].role=operator",
                "sextant.auth.roles[1].namespaces[0]=search",
                "sextant.auth.roles[2].group=k8s-team", "sextant.auth.roles[2].role=viewer",
                "sextant.auth.roles[2].backends[0]=prod-k8s",
                // A global window that governs no namespace of the sample fleet, so it holds nothing here.
                "sextant.sync-windows[0].name=platform-freeze", "sextant.sync-windows[0].type=deny",
                "sextant.sync-windows[0].schedule=0 3 * * *", "sextant.sync-windows[0].duration=1h",
                "sextant.sync-windows[0].namespaces[0]=platform").run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        http = new RawHttp(port);
        await("the sample fleet synced with its audit events", () -> json(http.send("GET", "/api/v1/audit", ADMIN))
                .get("items").size() > 5);
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void aTeamViewerListsOnlyItsNamespacesResourcesAndAuditEvents() {
        String viewer = token("search-readers");

        List<String> namespaces = stream(json(http.send("GET", "/api/v1/resources", viewer)).get("items"))
                .map(item -> item.get("namespace").asString()).toList();
        List<String> auditNamespaces = stream(json(http.send("GET", "/api/v1/audit?limit=1000", viewer)).get("items"))
                .map(event -> event.get("resource").get("namespace").asString()).toList();

        assertThat(namespaces).isNotEmpty().containsOnly("search");
        assertThat(auditNamespaces).isNotEmpty().containsOnly("search");
        assertThat(json(http.send("GET", "/api/v1/resources", ADMIN)).get("items").size())
                .as("the admin token still sees every team").isGreaterThan(namespaces.size());
        assertThat(json(http.send("GET", "/api/v1/resources?namespace=embeddings", viewer)).get("items")).isEmpty();
    }

    @Test
    void anotherTeamsResourceAnswersExactlyAsOneThatDoesNotExist() {
        String viewer = token("search-readers");
        Answer hidden = http.send("GET", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en", viewer);
        Answer missing = http.send("GET", "/api/v1/resources/ModelDeployment/embeddings/no-such-model", viewer);

        assertThat(http.send("GET", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en", ADMIN).status())
                .isEqualTo(200);
        assertThat(hidden.status()).isEqualTo(missing.status()).isEqualTo(404);
        assertThat(problem(hidden).replace("bge-large-en", "X")).isEqualTo(problem(missing).replace("no-such-model", "X"));
        assertThat(http.send("GET", "/api/v1/resources/ModelDeployment/search/llama-3-8b-chat", viewer).status())
                .isEqualTo(200);
    }

    @Test
    void aRoleOnAnotherBackendShowsNothingOfTheSimulatedFleet() {
        assertThat(json(http.send("GET", "/api/v1/resources", token("k8s-team"))).get("items")).isEmpty();
        assertThat(json(http.send("GET", "/api/v1/audit", token("k8s-team"))).get("items")).isEmpty();
    }

    @Test
    void aTeamViewerListsOnlyTheOrphansOfItsNamespacesAndABackendRoleOnlyThoseOfItsBackend() {
        // Stored as a scan stores them (table orphan): the API answers from the store on every replica.
        var jdbc = engine.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        for (String[] o : new String[][] {{"prod-k8s", "search"}, {"prod-k8s", "research"}, {"other-k8s", "search"}}) {
            jdbc.sql("INSERT INTO orphan (backend, api_version, kind, namespace, name, resource_kind, resource_namespace,"
                            + " resource_name, source, reason, since) VALUES (?, 'apps/v1', 'Deployment', 'inference', ?,"
                            + " 'ModelDeployment', ?, 'stray', 'fleet', 'not in Git', CURRENT_TIMESTAMP)")
                    .params(o[0], o[1] + "--stray", o[1]).update();
        }

        assertThat(orphans("/api/v1/orphans", token("search-readers")))
                .containsExactlyInAnyOrder("other-k8s/search--stray", "prod-k8s/search--stray");
        assertThat(orphans("/api/v1/orphans?backend=prod-k8s", token("search-readers")))
                .containsExactly("prod-k8s/search--stray");
        assertThat(orphans("/api/v1/orphans", token("k8s-team")))
                .containsExactlyInAnyOrder("prod-k8s/search--stray", "prod-k8s/research--stray");
        assertThat(orphans("/api/v1/orphans", ADMIN)).hasSize(3);
    }

    private List<String> orphans(String path, String token) {
        return stream(json(http.send("GET", path, token)).get("items"))
                .map(o -> o.get("backend").asString() + "/" + o.get("name").asString()).toList();
    }

    @Test
    void viewsOfEveryNamespaceNeedAnEngineWideRole() {
        for (String path : List.of("/api/v1/notifications", "/api/v1/analyses", "/api/v1/audit/verify", "/api/v1/plan",
                "/actuator/prometheus")) {
            Answer answer = http.send("GET", path, token("search-readers"));
            assertThat(answer.status()).as(path).isEqualTo(403);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            assertThat(answer.body()).as(path).contains("needs an engine-wide role");
        }
    }

    @Test
    void aTeamViewerSeesItsOwnAndTheGlobalSyncWindowsButNotAnotherTeamsFreeze() throws Exception {
        Path repo = dataDir.resolve("engine/sample-repo");
        for (String team : List.of("search", "embeddings")) {
            Files.writeString(repo.resolve("teams/" + team + "/" + team + "-freeze.yaml"), """
                    apiVersion: sextant.io/v1
                    kind: SyncWindow
                    metadata: {name: %s-freeze, namespace: %s}
                    spec:
                      type: deny
                      schedule: "0 3 * * *"
                      duration: 1h
                      selector:
                        matchLabels: {frozen: "yes"}
                    """.formatted(team, team));
        }
        GitCli.commitAll(repo, "search and embeddings: a freeze each");
        assertThat(http.send("POST", "/api/v1/sync", ADMIN, Map.of(), "").status()).isEqualTo(202);
        await("both freezes in force", () -> json(http.send("GET", "/api/v1/windows", ADMIN)).get("items").size() == 3);

        List<String> seen = stream(json(http.send("GET", "/api/v1/windows", token("search-readers"))).get("items"))
                .map(w -> w.get("name").asString()).toList();

        assertThat(seen).containsExactly("config/platform-freeze", "search/search-freeze");
        assertThat(http.send("GET", "/api/v1/windows", null).status()).as("signed-in readers only").isEqualTo(401);
    }

    @Test
    void theOverviewSourcesAndBackendsShowATeamOnlyWhatItsRolesCover() {
        String viewer = token("search-readers");
        JsonNode all = json(http.send("GET", "/api/v1/overview", ADMIN));
        JsonNode team = json(http.send("GET", "/api/v1/overview", viewer));
        long searchResources = stream(json(http.send("GET", "/api/v1/resources", viewer)).get("items")).count();

        assertThat(team.get("resources").asInt()).isEqualTo(searchResources).isLessThan(all.get("resources").asInt());
        assertThat(team.get("sync").get("Synced").asInt() + team.get("sync").get("OutOfSync").asInt()
                + team.get("sync").get("Unknown").asInt()).isEqualTo(searchResources);
        assertThat(json(http.send("GET", "/api/v1/sources", viewer)).get("items")).hasSize(1);
        assertThat(json(http.send("GET", "/api/v1/backends", viewer)).get("items")).extracting(b -> b.get("name").asString())
                .containsExactly("sim-local");
        JsonNode k8s = json(http.send("GET", "/api/v1/overview", token("k8s-team")));
        assertThat(k8s.get("resources").asInt()).isZero();
        assertThat(k8s.get("sources")).as("no source holds a resource of theirs").isEmpty();
        assertThat(json(http.send("GET", "/api/v1/sources", token("k8s-team"))).get("items")).isEmpty();
        assertThat(json(http.send("GET", "/api/v1/backends", token("k8s-team"))).get("items"))
                .as("prod-k8s is not configured here, and sim-local is not theirs").isEmpty();
    }

    /**
     * The attack: every GET of the engine's own API document, asked by a viewer of search about another team's
     * namespace (a guessed name in every other path variable and query parameter), never answers with another
     * team's resource names. Whether a guessed name exists is covered by
     * anotherTeamsResourceAnswersExactlyAsOneThatDoesNotExist.
     */
    @Test
    void noReadOfTheApiTellsASearchViewerTheNamesOfAnotherTeamsResources() {
        String viewer = token("search-readers");
        List<String> others = List.of("bge-large-en", "bge-reranker", "llama-3-70b");
        JsonNode paths = json(http.send("GET", "/v3/api-docs", ADMIN)).get("paths");
        List<String> tried = new java.util.ArrayList<>();
        paths.properties().forEach(entry -> {
            JsonNode get = entry.getValue().get("get");
            // The live stream never ends; theLiveStreamCarriesOnlyTheTeamsMessages reads it instead.
            if (get == null || entry.getKey().equals("/api/v1/events")) {
                return;
            }
            String path = entry.getKey().replace("{kind}", "ModelDeployment").replace("{namespace}", "embeddings")
                    .replace("{name}", "guess").replaceAll("\\{[^}]+}", "guess");
            StringBuilder query = new StringBuilder();
            for (JsonNode parameter : get.path("parameters")) {
                if (parameter.path("in").asString().equals("query")) {
                    String name = parameter.path("name").asString();
                    query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                            .append(name.equals("namespace") ? "embeddings" : name.equals("limit") ? "1000"
                                    : name.equals("revision") ? "HEAD" : "guess");
                }
            }
            tried.add(path + query);
            Answer answer = http.send("GET", path + query, viewer);
            assertThat(answer.status()).as(path + query).isIn(200, 403, 404);
            for (String other : others) {
                assertThat(answer.body()).as("GET " + path + query + " answered " + answer.status()).doesNotContain(other);
            }
        });
        assertThat(tried).as("the API document lists the reads").contains("/api/v1/sources", "/api/v1/overview",
                "/api/v1/backends").anyMatch(p -> p.startsWith("/api/v1/plan")).anyMatch(p -> p.startsWith("/api/v1/audit"));
    }

    @Test
    void aTeamOperatorMaySyncAndATeamViewerMayNot() {
        assertThat(http.send("POST", "/api/v1/sync", token("search-ops"), Map.of(), "").status()).isEqualTo(202);
        Answer viewer = http.send("POST", "/api/v1/sync", token("search-readers"), Map.of(), "");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.body()).contains("needs the operator or admin role");
    }

    @Test
    void aTeamOperatorSuspendsItsOwnResourcesOnlyAndTheAuditNamesThem() {
        String ops = token("search-ops");
        String path = "/api/v1/resources/ModelDeployment/search/llama-3-8b-chat/";

        Answer viewer = http.send("POST", path + "suspend", token("search-readers"), Map.of(), "");
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(viewer.body()).contains("needs the operator or admin role");
        Answer otherTeam = http.send("POST", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en/suspend", ops,
                Map.of(), "");
        assertThat(otherTeam.status()).as("another team's resource is one that does not exist").isEqualTo(404);
        assertThat(http.send("POST", "/api/v1/sources/fleet/suspend", ops, Map.of(), "").status())
                .as("a whole source needs an admin").isEqualTo(403);

        JsonNode suspended = json(http.send("POST", path + "suspend?reason=INC-7", ops, Map.of(), ""));
        assertThat(suspended.get("suspended").asBoolean()).isTrue();
        assertThat(suspended.get("suspendedBy").asString()).isEqualTo("search-ops@example.com");
        JsonNode event = json(http.send("GET", "/api/v1/audit?action=suspend&limit=1", ADMIN)).at("/items/0");
        assertThat(event.at("/actor/email").asString()).isEqualTo("search-ops@example.com");
        assertThat(event.at("/resource/name").asString()).isEqualTo("llama-3-8b-chat");
        assertThat(http.send("POST", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en/suspend", ADMIN,
                Map.of(), "").status()).isEqualTo(200);
        assertThat(json(http.send("GET", "/api/v1/resources", ops)).toString()).as("no word of another team's")
                .doesNotContain("bge-large-en");

        assertThat(http.send("POST", path + "resume", token("search-readers"), Map.of(), "").status()).isEqualTo(403);
        assertThat(json(http.send("POST", path + "resume", ops, Map.of(), "")).get("suspended").asBoolean()).isFalse();
        assertThat(http.send("POST", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en/resume", ops, Map.of(), "")
                .status()).isEqualTo(404);
        assertThat(http.send("POST", "/api/v1/resources/ModelDeployment/embeddings/bge-large-en/resume", ADMIN,
                Map.of(), "").status()).isEqualTo(200);
    }

    @Test
    void theDashboardLearnsWhatEachCallerMayDo() {
        JsonNode ops = json(http.send("GET", "/api/v1/access", token("search-ops")));
        assertThat(ops.get("admin").asBoolean()).isFalse();
        assertThat(ops.get("operate").toString()).isEqualTo("[{\"namespaces\":[\"search\"],\"backends\":[\"*\"]}]");
        assertThat(json(http.send("GET", "/api/v1/access", token("search-readers"))).get("operate")).isEmpty();
        JsonNode admin = json(http.send("GET", "/api/v1/access", ADMIN));
        assertThat(admin.get("admin").asBoolean()).isTrue();
        assertThat(http.send("GET", "/api/v1/access", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void theLiveStreamCarriesOnlyTheTeamsMessages() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpClient client = HttpClient.newHttpClient();
        var response = client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/events"))
                .header("Authorization", "Bearer " + token("search-readers")).build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(lines -> lines.body().forEach(seen::add));
        await("the stream open", () -> seen.stream().anyMatch(line -> line.equals("event:hello")));

        Path repo = dataDir.resolve("engine/sample-repo");
        Path search = repo.resolve("teams/search/llama-3-8b-chat.yaml");
        Path embeddings = repo.resolve("teams/embeddings/bge-large-en.yaml");
        Files.writeString(search, Files.readString(search).replace("replicas: 2", "replicas: 3"));
        Files.writeString(embeddings, Files.readString(embeddings).replace("replicas: 2", "replicas: 3"));
        String both = GitCli.commitAll(repo, "search and embeddings: three replicas");
        assertThat(http.send("POST", "/api/v1/sync", ADMIN, Map.of(), "").status()).isEqualTo(202);
        await("both teams' audit events recorded", () -> http.send("GET", "/api/v1/audit?commit=" + both, ADMIN)
                .body().contains("bge-large-en"));
        // Each stream delivers in order: once the second commit's event arrives, any of the first's has too.
        Files.writeString(search, Files.readString(search).replace("replicas: 3", "replicas: 4"));
        String searchOnly = GitCli.commitAll(repo, "search: four replicas");
        assertThat(http.send("POST", "/api/v1/sync", ADMIN, Map.of(), "").status()).isEqualTo(202);
        await("the search team's second audit event", () -> seen.stream().anyMatch(line -> line.startsWith("data:")
                && line.contains(searchOnly) && line.contains("\"action\":\"update\"")));
        response.cancel(true);

        assertThat(seen).anyMatch(line -> line.contains("llama-3-8b-chat") && line.contains(both));
        assertThat(seen).as("nothing of another team").noneMatch(line -> line.contains("bge-large-en"))
                .as("no reconcile messages, which list every team's files").doesNotContain("event:reconcile");
    }

    private String token(String group) {
        return provider.issueToken("corp", "member-of-" + group, "sextant",
                Map.of("groups", List.of(group), "email", group + "@example.com"), 3600).serialize();
    }

    /** The problem document, without the chunk sizes around it (they differ with the names' lengths). */
    private static String problem(Answer answer) {
        return answer.body().substring(answer.body().indexOf('{'), answer.body().lastIndexOf('}') + 1);
    }

    private static JsonNode json(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
