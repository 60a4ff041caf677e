package io.sextant.engine.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.EngineClient;
import io.sextant.engine.MutableClock;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.cli.SextantCli;
import io.sextant.engine.rollback.Rollbacks;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rollback through Git, end to end: a real engine watching a Git repository served over authenticated HTTP,
 * a GitHub API emulator (WireMock, from GitHub's documented wire format), people signed in through a real
 * OpenID Connect provider, and the CLI. A person promotes a canary; a canary breaking its time-to-first-token
 * SLO is aborted and a revert pull request is opened once, with the evidence, from a branch on the Git server
 * that restores only the resource's file; nothing is re-applied; merging the revert rolls back by a normal sync.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollbackThroughGitTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private static final ResourceKey LLAMA = new ResourceKey(Kind.of("ModelDeployment"), "search", "llama");
    private static final String FILE = "teams/search/llama.yaml";
    private static final String OTHER = "teams/ranking/reranker.yaml";
    private static final String ISSUER = "corp";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;
    private static GitHttpServer server;
    private static WireMockServer github;
    private static MockOAuth2Server provider;
    private static Path work;
    private static ConfigurableApplicationContext engine;
    private static EngineClient client;
    private static int port;
    private static RolloutController rollouts;
    private static AnalysisService analyses;
    private static Applier sim;
    private static MeterRegistry meters;
    private static String abortedCommit;
    private static String promotedCommit;
    private static String pullRequestBranch;

    @BeforeAll
    static void start() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        work = GitCli.initRepo(root.resolve("work"));
        commitFile(work, OTHER, reranker(1), "reranker");
        commitFile(work, FILE, CanaryRolloutTest.deployment("v1"), "llama v1");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        Files.writeString(root.resolve("host-token"), "ghp_test-token\n");
        Path secret = Files.writeString(root.resolve("client-secret"), "s3cret-of-the-client\n");
        github = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        github.start();
        // Commit statuses and pull request look-ups of the sync itself: accepted, nothing to report.
        github.stubFor(any(anyUrl()).atPriority(100).willReturn(okJson("[]")));
        provider = new MockOAuth2Server();
        provider.start();
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                        "sextant.analysis.tick=0s", "sextant.analysis.threads=0", "sextant.rollout.tick=0s",
                        "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                        "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                        "sextant.sources[0].auth.username=sextant",
                        "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                        "sextant.sources[0].host.type=github", "sextant.sources[0].host.api-url=" + github.baseUrl(),
                        "sextant.sources[0].host.repository=acme/fleet",
                        "sextant.sources[0].host.token-file=" + root.resolve("host-token"),
                        "sextant.sources[0].rollback.on-abort=pull-request",
                        "sextant.sources[0].rollback.dashboard-url=https://sextant.example.com",
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus[H100-80GB]=8",
                        "sextant.auth.oidc.issuer-uri=" + provider.issuerUrl(ISSUER),
                        "sextant.auth.oidc.client-id=sextant", "sextant.auth.oidc.client-secret-file=" + secret,
                        "sextant.auth.roles[0].group=search-ops", "sextant.auth.roles[0].role=operator",
                        "sextant.auth.roles[0].namespaces[0]=search",
                        "sextant.auth.roles[1].group=ranking-ops", "sextant.auth.roles[1].role=operator",
                        "sextant.auth.roles[1].namespaces[0]=ranking",
                        "sextant.auth.roles[2].group=everyone", "sextant.auth.roles[2].role=viewer")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run();
        port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        client = new EngineClient(port, "admin").readingWith("admin");
        rollouts = engine.getBean(RolloutController.class);
        analyses = engine.getBean(AnalysisService.class);
        sim = engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
        meters = engine.getBean(MeterRegistry.class);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
        if (server != null) {
            server.close();
        }
        if (github != null) {
            github.stop();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    static String reranker(int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: reranker, namespace: ranking}
                spec:
                  backend: sim-local
                  model: {uri: hf://BAAI/bge-reranker-v2-m3}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: %d
                """.formatted(replicas);
    }

    private static String token(String subject, String... groups) {
        return provider.issueToken(ISSUER, subject, "sextant",
                Map.of("groups", List.of(groups), "email", subject + "@example.com"), 3600).serialize();
    }

    private static HttpResponse<String> call(String path, String token) {
        return client.post(path, token);
    }

    private static void sync() {
        long before = meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum();
        client.sync();
        EngineClient.await("the sync to finish", Duration.ofSeconds(20),
                () -> meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum() > before);
    }

    private static void interval() {
        CLOCK.advance(INTERVAL);
        analyses.tick();
        rollouts.advance();
    }

    private static String liveRevision(ResourceKey key) throws Exception {
        return sim.observe(key).map(o -> o.manifest().at("/spec/model/revision").asString()).orElse(null);
    }

    private static List<JsonNode> audit(String action) {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode e : client.getJson("/api/v1/audit?name=llama&limit=1000").get("items")) {
            if (e.get("action").asString().equals(action)) {
                events.add(e);
            }
        }
        return events;
    }

    /** Runs the CLI in this JVM with a token, as a user's shell would. */
    private static String[] cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", "http://localhost:" + port));
        int code = SextantCli.run(all.toArray(String[]::new), new PrintStream(out), new PrintStream(err));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    @Order(1)
    void anOperatorOfTheNamespacePromotesARunningCanaryAndOthersMayNot() throws Exception {
        sync();
        promotedCommit = commitFile(work, FILE, CanaryRolloutTest.deployment("v2"), "llama v2");
        git(work, "push", "-q", "origin", "main");
        sync();
        rollouts.advance(); // weight 20, analysis started

        JsonNode listed = client.getJson("/api/v1/rollouts").at("/items/0");
        assertThat(listed.at("/phase").asString()).isEqualTo("RUNNING");
        assertThat(listed.at("/canaryRevision").asString()).isEqualTo(promotedCommit);
        assertThat(listed.at("/canaryWeight").asInt()).isEqualTo(20);
        assertThat(listed.at("/steps").asInt()).isEqualTo(4);
        String[] status = cli("rollout", "status", "--token", "admin");
        assertThat(status[0]).as(status[2]).isEqualTo("0");
        assertThat(status[1]).contains("ModelDeployment/search/llama  RUNNING  step 2/4  weight 20%");

        String promote = "/api/v1/rollouts/ModelDeployment/search/llama/promote";
        assertThat(call(promote, null).statusCode()).isEqualTo(401);
        HttpResponse<String> viewer = call(promote, token("vic", "everyone"));
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(call(promote, token("otto", "ranking-ops")).statusCode())
                .as("another team's operator does not even see it").isEqualTo(404);
        HttpResponse<String> otherTeam = call(promote, token("rita", "ranking-ops", "everyone"));
        assertThat(otherTeam.statusCode()).as("sees every namespace, operates only in ranking").isEqualTo(403);
        assertThat(otherTeam.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(otherTeam.body()).contains("namespace 'search' needs the operator or admin role");
        assertThat(call("/api/v1/rollouts/ModelDeployment/search/nobody/promote", "admin").statusCode())
                .isEqualTo(404);
        assertThat(liveRevision(LLAMA)).as("nothing promoted by the refused requests").isEqualTo("v1");

        HttpResponse<String> promoted = call(promote, token("sam", "search-ops"));

        assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
        assertThat(liveRevision(LLAMA)).isEqualTo("v2");
        assertThat(audit("rollout-promoted")).singleElement().satisfies(e -> {
            assertThat(e.at("/commit").asString()).isEqualTo(promotedCommit);
            assertThat(e.at("/actor/email").asString()).isEqualTo("sam@example.com");
        });
        HttpResponse<String> again = call(promote, "admin");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("is not running: it is promoted");
        assertThat(meters.get("sextant.rollout.ended").tag("outcome", "promoted").counter().count()).isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void aCanaryBreakingItsSloIsAbortedAndOneRevertPullRequestCarriesTheEvidence() throws Exception {
        Files.writeString(work.resolve(OTHER), reranker(2));
        Files.writeString(work.resolve(FILE), CanaryRolloutTest.deployment("v3"));
        abortedCommit = GitCli.commitAll(work, "llama v3 and two rerankers");
        engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow()
                .degrade(abortedCommit, new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        pullRequestBranch = "sextant/rollback-search-llama-" + abortedCommit.substring(0, 12);
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(pullRequest(7, pullRequestBranch))));
        git(work, "push", "-q", "origin", "main");
        sync();

        rollouts.advance(); // weight 20, analysis started
        interval();
        interval();

        assertThat(liveRevision(LLAMA)).as("traffic back on stable").isEqualTo("v2");
        github.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo(pullRequestBranch)))
                .withRequestBody(matchingJsonPath("$.base", equalTo("main")))
                .withHeader("Authorization", equalTo("Bearer ghp_test-token")));
        String body = JSON.readTree(github.findAll(postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls")))
                .get(0).getBodyAsString()).at("/body").asString();
        assertThat(body).contains("ttft", "`p95 ttft < 500ms`", "| FAILED |", "Aborted commit: " + abortedCommit,
                promotedCommit, "`" + FILE + "`",
                "https://sextant.example.com/#/resources/ModelDeployment/search/llama").doesNotContain(OTHER);
        JsonNode rollout = client.getJson("/api/v1/rollouts/ModelDeployment/search/llama");
        assertThat(rollout.at("/rollout/phase").asString()).isEqualTo("ABORTED");
        assertThat(rollout.at("/rollout/rollback/state").asString()).isEqualTo("opened");
        assertThat(rollout.at("/rollout/rollback/url").asString()).isEqualTo("https://github.com/acme/fleet/pull/7");
        assertThat(rollout.at("/analyses/0/measurements/0/verdict").asString()).isEqualTo("FAILED");

        // The branch on the Git server holds the targeted revert: the llama file as it was, the reranker as pushed.
        git(work, "fetch", "-q", "origin", pullRequestBranch);
        assertThat(git(work, "show", "FETCH_HEAD:" + FILE)).isEqualTo(CanaryRolloutTest.deployment("v2"));
        assertThat(git(work, "show", "FETCH_HEAD:" + OTHER)).isEqualTo(reranker(2));
        assertThat(git(work, "rev-parse", "FETCH_HEAD^").strip()).isEqualTo(abortedCommit);
        assertThat(git(work, "diff", "--name-only", abortedCommit, "FETCH_HEAD").strip()).isEqualTo(FILE);
    }

    @Test
    @Order(3)
    void askingAgainFindsTheOpenPullRequestInsteadOfOpeningAnother() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls")).withQueryParam("head",
                equalTo("acme:" + pullRequestBranch)).willReturn(okJson("[" + pullRequest(7, pullRequestBranch) + "]")));

        String[] rollback = cli("rollback", "ModelDeployment/search/llama", "--token", token("sam", "search-ops"));

        assertThat(rollback[0]).as(rollback[2]).isEqualTo("0");
        assertThat(rollback[1]).contains("already open: https://github.com/acme/fleet/pull/7");
        github.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls")));
        assertThat(audit("rollback-requested")).hasSize(2).allSatisfy(e ->
                assertThat(e.at("/commit").asString()).isEqualTo(abortedCommit));
        assertThat(audit("rollback-requested").get(0).at("/actor/email").asString()).isEqualTo("sam@example.com");
        String[] refused = cli("rollback", "ModelDeployment/search/llama", "--token",
                token("rita", "ranking-ops", "everyone"));
        assertThat(refused[0]).isEqualTo("1");
        assertThat(cli("rollback", "ModelDeployment/search/nobody", "--token", "admin")[0]).isEqualTo("3");
        HttpResponse<String> outside = call("/api/v1/resources/ModelDeployment/search/llama/rollback?to=../../etc",
                "admin");
        assertThat(outside.statusCode()).isEqualTo(422);
        assertThat(outside.body()).contains("cannot roll back to '../../etc'");
        assertThat(call("/api/v1/resources/ModelDeployment/search/llama/rollback?to=%24(id)", "admin").statusCode())
                .isEqualTo(422);
        github.verify(1, postRequestedFor(urlPathEqualTo("/repos/acme/fleet/pulls")));
        assertThat(cli("rollout", "status", "ModelDeployment/search/nobody", "--token", "admin")[0]).isEqualTo("3");
    }

    @Test
    @Order(4)
    void theAbortedCommitIsNotReappliedAndTheChainVerifies() throws Exception {
        int updatesBefore = audit("update").size();

        sync();
        sync();

        assertThat(liveRevision(LLAMA)).isEqualTo("v2");
        assertThat(audit("update")).hasSize(updatesBefore);
        assertThat(audit("rollout-aborted")).singleElement();
        assertThat(client.getJson("/api/v1/audit/verify").at("/valid").asBoolean()).isTrue();
    }

    @Test
    @Order(5)
    void mergingTheRevertRollsTheFleetBackThroughANormalSync() throws Exception {
        git(work, "fetch", "-q", "origin", pullRequestBranch);
        git(work, "merge", "-q", "--ff-only", "FETCH_HEAD");
        git(work, "push", "-q", "origin", "main");
        String merged = git(work, "rev-parse", "HEAD").strip();

        sync();

        JsonNode llama = client.resource("ModelDeployment", "search", "llama");
        assertThat(llama.at("/desiredRevision").asString()).isEqualTo(merged);
        assertThat(llama.at("/sync").asString()).isEqualTo("Synced");
        assertThat(liveRevision(LLAMA)).isEqualTo("v2");
        assertThat(sim.observe(new ResourceKey(Kind.of("ModelDeployment"), "ranking", "reranker")).orElseThrow()
                .manifest().at("/spec/replicas").asInt()).as("the other file's change stays").isEqualTo(2);
        assertThat(client.getJson("/api/v1/audit/verify").at("/valid").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void aGitHubOutageDuringTheRevertIsShownAndRetriedUntilThePullRequestOpens() throws Exception {
        String commit = commitFile(work, FILE, CanaryRolloutTest.deployment("v4"), "llama v4");
        engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow()
                .degrade(commit, new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        String branch = "sextant/rollback-search-llama-" + commit.substring(0, 12);
        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo(branch))).willReturn(aResponse().withStatus(502)
                        .withHeader("Content-Type", "application/json").withBody("{\"message\": \"Server Error\"}")));
        git(work, "push", "-q", "origin", "main");
        sync();
        rollouts.advance();
        interval(); // the first failed measurement fails the run (failureLimit 0)

        assertThat(client.getJson("/api/v1/rollouts/ModelDeployment/search/llama").at("/rollout/phase").asString())
                .isEqualTo("ABORTED");
        JsonNode rollback = client.getJson("/api/v1/rollouts/ModelDeployment/search/llama").at("/rollout/rollback");
        assertThat(rollback.at("/state").asString()).isEqualTo("retrying");
        assertThat(rollback.at("/error").asString()).contains("answered 502: Server Error");
        assertThat(rollback.at("/attempts").asInt()).isEqualTo(1);
        Instant next = Instant.parse(rollback.at("/nextAttemptAt").asString());
        assertThat(audit("rollback-requested").get(0).at("/outcome").asString()).isEqualTo("failed");

        github.stubFor(post(urlPathEqualTo("/repos/acme/fleet/pulls"))
                .withRequestBody(matchingJsonPath("$.head", equalTo(branch))).willReturn(aResponse().withStatus(201)
                        .withHeader("Content-Type", "application/json").withBody(pullRequest(8, branch))));
        Rollbacks rollbacks = engine.getBean(Rollbacks.class);
        rollbacks.retryDue();
        assertThat(client.getJson("/api/v1/rollouts/ModelDeployment/search/llama").at("/rollout/rollback")
                .toString()).as("not before its backoff (now %s, next %s)", CLOCK.instant(), next)
                .contains("\"state\":\"retrying\"");
        CLOCK.advance(Duration.between(CLOCK.instant(), next).plusSeconds(1));
        rollbacks.retryDue();

        rollback = client.getJson("/api/v1/rollouts/ModelDeployment/search/llama").at("/rollout/rollback");
        assertThat(rollback.at("/state").asString()).isEqualTo("opened");
        assertThat(rollback.at("/url").asString()).isEqualTo("https://github.com/acme/fleet/pull/8");
        assertThat(audit("rollback-requested").get(0).at("/outcome").asString()).isEqualTo("succeeded");
        assertThat(meters.get("sextant.rollout.rollback.requests").tag("outcome", "failed").counter().count())
                .isEqualTo(1.0);
        assertThat(client.getJson("/api/v1/audit/verify").at("/valid").asBoolean()).isTrue();
    }

    /** A pull request as GitHub's {@code POST /repos/{owner}/{repo}/pulls} and list answer it. */
    static String pullRequest(int number, String branch) {
        return """
                {"url": "https://api.github.com/repos/acme/fleet/pulls/%d", "id": %d, "number": %d,
                 "html_url": "https://github.com/acme/fleet/pull/%d", "state": "open", "locked": false,
                 "title": "Roll back search/llama", "user": {"login": "sextant-bot", "id": 1, "type": "Bot"},
                 "created_at": "2026-12-03T08:05:00Z", "updated_at": "2026-12-03T08:05:00Z",
                 "closed_at": null, "merged_at": null, "merge_commit_sha": null,
                 "head": {"ref": "%s", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
                 "base": {"ref": "main", "sha": "9049f1265b7d61be4a8904a9a27120d2064dab3b"}, "draft": false}
                """.formatted(number, 100000 + number, number, number, branch);
    }
}
