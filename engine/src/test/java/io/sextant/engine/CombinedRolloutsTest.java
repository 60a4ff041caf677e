package io.sextant.engine;

import static io.sextant.engine.CombinedFeaturesTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts combined with the rest, as a platform team runs them: two replicas on one PostgreSQL and one
 * Kubernetes API server (with a test kubelet making Deployments available), a route in front of the deployment,
 * analysis on Prometheus, rollback by push, self-heal and drift scans on. A canary is started once, held still
 * by a suspension made through one replica, moved on by a resume through the other, aborted on a degraded time
 * to first token with its revert pushed and applied once and the aborted commit never applied; then a deny
 * window and an API server outage overlap, and the change they both held applies once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CombinedRolloutsTest {

    static final String ADMIN = CombinedFeaturesTest.ADMIN;
    static final String LLAMA = "/api/v1/resources/ModelDeployment/search/llama";
    static final String ROLLOUT = "/api/v1/rollouts/ModelDeployment/search/llama";
    static final String STABLE_IMAGE = "v0.11.0";
    static final String CANARY_IMAGE = "v0.11.1";

    @TempDir
    static Path root;
    static EmbeddedPostgres postgres;
    static GitHttpServer git;
    static KubeApiServer kube;
    static Kubelet kubelet;
    static PrometheusApi prometheus;
    static Path work;
    static JdbcTemplate db;
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    static EngineClient a;
    static EngineClient b;

    @BeforeAll
    static void start() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "teams/search/llama.yaml", llama(STABLE_IMAGE));
        GitCli.writeFile(work, "teams/search/route.yaml", ROUTE);
        GitCli.writeFile(work, "teams/search/m3.yaml", CombinedFeaturesTest.deployment("m3", "hf://acme/m3", 1));
        GitCli.commitAll(work, "search: llama behind the chat route, and m3");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "engine\n");
        postgres = EmbeddedPostgres.start();
        git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
        kube = new KubeApiServer(Duration.ZERO);
        kubelet = Kubelet.start(kube, 8);
        prometheus = new PrometheusApi(0.2);
        GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
        CombinedFeaturesTest.push(work);
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        Map<String, String> settings = settings();
        CombinedFeaturesTest shape = new CombinedFeaturesTest();
        shape.root = root;
        replicas.add(shape.start("rollouts-a", settings));
        replicas.add(shape.start("rollouts-b", settings));
        a = CombinedFeaturesTest.client(replicas.get(0));
        b = CombinedFeaturesTest.client(replicas.get(1));
        EngineClient.await("llama live and Healthy", Duration.ofSeconds(120), () -> {
            JsonNode llama = b.resource("ModelDeployment", "search", "llama");
            return llama != null && "Healthy".equals(llama.path("health").asString());
        });
    }

    @AfterAll
    static void stop() throws Exception {
        replicas.forEach(ConfigurableApplicationContext::close);
        for (AutoCloseable part : new AutoCloseable[] {kubelet, prometheus, kube, git, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    @Test
    @Order(1)
    void aCanaryHeldBySuspensionOnOneReplicaResumedOnTheOtherAndAbortedIsRevertedOnceAndNeverReapplied() {
        // A new image: the canary starts once, whichever replica ran the commit and however often.
        GitCli.writeFile(work, "teams/search/llama.yaml", llama(CANARY_IMAGE));
        String canary = GitCli.commitAll(work, "search: llama on vLLM " + CANARY_IMAGE);
        CombinedFeaturesTest.push(work);
        EngineClient.await("traffic shifted to the canary", Duration.ofSeconds(60), () ->
                routeWeights().getOrDefault("search--llama--canary", 0) == 20);
        assertThat(routeWeights()).containsEntry("search--llama", 80);

        // Suspended through A mid-rollout (the 5 s pause after weight 20): neither replica moves a step.
        assertThat(a.post(LLAMA + "/suspend?reason=INC-9", ADMIN).statusCode()).isEqualTo(200);
        CombinedFeaturesTest.awaitRuns(replicas, 2); // a tick in flight when the suspend landed has finished
        JsonNode held = rollout(b).path("rollout");
        Instant pauseOver = Instant.now().plusSeconds(8);
        EngineClient.await("the pause long over, the rollout timer ticking on both", Duration.ofSeconds(30), () ->
                Instant.now().isAfter(pauseOver));
        CombinedFeaturesTest.awaitRuns(replicas, 6);
        JsonNode still = rollout(a).path("rollout");
        assertThat(still.path("step").asInt()).as("no step moved while suspended").isEqualTo(held.path("step").asInt());
        assertThat(still.path("canaryWeight").asInt()).isEqualTo(20);
        assertThat(routeWeights()).as("weights unchanged while suspended")
                .containsEntry("search--llama--canary", 20).containsEntry("search--llama", 80);

        // Resumed through B: it goes on to weight 40 and its analysis.
        assertThat(b.post(LLAMA + "/resume", ADMIN).statusCode()).isEqualTo(200);
        EngineClient.await("weight 40 after the resume", Duration.ofSeconds(30), () ->
                routeWeights().getOrDefault("search--llama--canary", 0) == 40);
        EngineClient.await("the analysis measuring a healthy canary", Duration.ofSeconds(30), () ->
                measurements(b).size() >= 2);
        assertThat(measurements(b)).allSatisfy(m -> assertThat(m.path("verdict").asString()).isEqualTo("SUCCESSFUL"));

        // TTFT degraded: aborted within two intervals, traffic back on stable, canary gone, the revert pushed.
        int before = measurements(b).size();
        prometheus.set(canary, 2.0);
        EngineClient.await("the rollout aborted", Duration.ofSeconds(30), () ->
                "ABORTED".equals(rollout(a).path("rollout").path("phase").asString()));
        assertThat(measurements(a).size() - before).as("aborted within two intervals").isLessThanOrEqualTo(2);
        assertThat(routeWeights()).as("routes back on stable").isEqualTo(Map.of("search--llama", 100));
        EngineClient.await("the canary deleted", Duration.ofSeconds(30), () ->
                kube.deployment("search--llama--canary") == null);
        EngineClient.await("the revert pushed", Duration.ofSeconds(30), () ->
                "pushed".equals(rollout(b).path("rollout").path("rollback").path("state").asString()));
        assertThat(rollout(a).path("rollout").path("rollback").path("state").asString())
                .as("both replicas show the one revert, whichever pushed it").isEqualTo("pushed");
        assertThat(rollout(a).path("analyses")).as("one analysis of the canary, whichever replica moved it")
                .hasSize(1);
        GitCli.git(work, "pull", "-q", "--ff-only", "origin", "main");
        String revert = GitCli.git(work, "rev-parse", "HEAD").strip();
        assertThat(revert).isNotEqualTo(canary);
        assertThat(GitCli.git(work, "show", "HEAD:teams/search/llama.yaml")).isEqualTo(llama(STABLE_IMAGE));

        // The next sync takes the revert; the aborted commit is applied by neither replica, however often they run.
        EngineClient.await("llama synced at the revert", Duration.ofSeconds(60), () -> {
            JsonNode llama = a.getJson(LLAMA);
            return revert.equals(llama.path("desiredRevision").asString()) && "Synced".equals(llama.path("sync").asString());
        });
        CombinedFeaturesTest.awaitRuns(replicas, 6);
        assertThat(kube.deployment("search--llama").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("vllm/vllm-openai:" + STABLE_IMAGE);
        assertThat(appliedImages("search--llama")).as("the stable Deployment never took the aborted image")
                .allMatch(image -> image.endsWith(STABLE_IMAGE));
        assertThat(applies("/deployments/search--llama--canary")).as("one canary started, not one per replica")
                .isEqualTo(1);
        assertThat(count(db, "name = 'llama' AND action = 'rollout-aborted'")).isEqualTo(1);
        assertThat(count(db, "name = 'llama' AND action = 'rollback-requested'")).isEqualTo(1);
        assertThat(count(db, "commit_id = '" + canary + "' AND name = 'llama' AND action = 'update'"))
                .as("the aborted commit never applied").isZero();
        // The revert restores what runs: synced at its commit with nothing to write, not a second rollout.
        assertThat(count(db, "commit_id = '" + revert + "' AND name = 'llama' AND action IN ('update', 'create')"))
                .as("the revert needs no write: stable never left").isZero();
        assertThat(rollout(b).path("rollout").path("canaryRevision").asString())
                .as("the revert started no rollout of its own").isEqualTo(canary);
        assertNoDuplicateEvents();
        assertThat(b.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void aChangeHeldByADenyWindowAndAnOutageAtOnceAppliesOnceWhenBothEnd() {
        GitCli.git(work, "pull", "-q", "--ff-only", "origin", "main");
        GitCli.writeFile(work, "teams/search/freeze.yaml", """
                apiVersion: sextant.io/v1
                kind: SyncWindow
                metadata: {name: freeze, namespace: search}
                spec:
                  type: deny
                  schedule: "0 %d * * *"
                  duration: 2h
                  selector: {kinds: [ModelDeployment]}
                """.formatted(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour()));
        GitCli.writeFile(work, "teams/search/m3.yaml", CombinedFeaturesTest.deployment("m3", "hf://acme/m3", 3));
        String frozen = GitCli.commitAll(work, "search: freeze, and m3 to 3 replicas");
        kube.api.refuseWrites(true);
        CombinedFeaturesTest.push(work);
        EngineClient.await("m3 held on both replicas", Duration.ofSeconds(30), () -> List.of(a, b).stream().allMatch(r ->
                r.getJson("/api/v1/resources/ModelDeployment/search/m3").path("message").asString()
                        .contains("held by sync window search/freeze")));
        CombinedFeaturesTest.awaitRuns(replicas, 4);
        assertThat(count(db, "commit_id = '" + frozen + "' AND name = 'm3' AND action = 'blocked'")).isEqualTo(1);

        // The window ends (removed from Git) while the API server still refuses writes: one failure event.
        GitCli.git(work, "rm", "-q", "teams/search/freeze.yaml");
        String lifted = GitCli.commitAll(work, "search: lift the freeze");
        CombinedFeaturesTest.push(work);
        EngineClient.await("the outage met", Duration.ofSeconds(30), () ->
                count(db, "commit_id = '" + lifted + "' AND name = 'm3' AND outcome = 'failed'") >= 1);
        CombinedFeaturesTest.awaitRuns(replicas, 4);
        assertThat(kube.deployment("search--m3").getSpec().getReplicas()).as("nothing taken during the outage")
                .isEqualTo(1);

        int from = kube.api.calls().size();
        kube.api.refuseWrites(false);
        EngineClient.await("m3 applied after both ended", Duration.ofSeconds(60), () ->
                kube.deployment("search--m3").getSpec().getReplicas() == 3);
        CombinedFeaturesTest.awaitRuns(replicas, 6);
        long applied = kube.api.calls().subList(from, kube.api.calls().size()).stream()
                .filter(c -> c.apply() && c.path().endsWith("/deployments/search--m3")).count();
        assertThat(applied).as("exactly one apply once window and outage ended").isEqualTo(1);
        assertThat(count(db, "commit_id = '" + lifted + "' AND name = 'm3' AND outcome = 'failed'")).isEqualTo(1);
        assertThat(count(db, "name = 'm3' AND action = 'update' AND outcome = 'succeeded'")).isEqualTo(1);
        assertNoDuplicateEvents();
        assertThat(a.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();
    }

    static void assertNoDuplicateEvents() {
        assertThat(db.queryForList("""
                SELECT commit_id || ' ' || name || ' ' || action || ' ' || outcome FROM audit_event
                WHERE name IS NOT NULL GROUP BY commit_id, name, action, outcome HAVING COUNT(*) > 1""", String.class))
                .as("no duplicate audit event per (commit, resource, action)").isEmpty();
    }

    static JsonNode rollout(EngineClient replica) {
        HttpResponse<String> response = replica.get(ROLLOUT);
        return response.statusCode() == 200 ? CombinedFeaturesTest.JSON.readTree(response.body())
                : CombinedFeaturesTest.JSON.createObjectNode();
    }

    static List<JsonNode> measurements(EngineClient replica) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode analysis : rollout(replica).path("analyses")) {
            analysis.path("measurements").forEach(all::add);
        }
        return all;
    }

    /** The chat HTTPRoute's backendRefs as the API server holds them: Service name to weight. */
    static Map<String, Integer> routeWeights() {
        Map<String, Integer> weights = new TreeMap<>();
        var route = kube.httpRoute("search--chat");
        if (route == null) {
            return weights;
        }
        JsonNode spec = CombinedFeaturesTest.JSON.valueToTree(route.getAdditionalProperties().get("spec"));
        for (JsonNode rule : spec.path("rules")) {
            for (JsonNode ref : rule.path("backendRefs")) {
                weights.merge(ref.path("name").asString(), ref.path("weight").asInt(), Integer::sum);
            }
        }
        return weights;
    }

    static long applies(String pathSuffix) {
        return kube.api.calls().stream().filter(c -> c.apply() && c.path().endsWith(pathSuffix)).count();
    }

    static List<String> appliedImages(String deployment) {
        List<String> images = new ArrayList<>();
        for (WatchedApi.Call call : kube.api.calls()) {
            if (call.apply() && call.path().endsWith("/deployments/" + deployment)) {
                images.add(CombinedFeaturesTest.JSON.readTree(call.body())
                        .at("/spec/template/spec/containers/0/image").asString());
            }
        }
        return images;
    }

    static Map<String, String> settings() {
        Map<String, String> settings = CombinedFeaturesTest.settingsFor(postgres, git, kube, root);
        settings.put("sextant.backends[0].gateway", "gateway-system/inference");
        settings.put("sextant.sources[0].rollback.on-abort", "push");
        settings.put("sextant.analysis.prometheus.url", prometheus.url());
        settings.put("sextant.rollout.tick", "1s");
        settings.put("sextant.analysis.tick", "1s");
        return settings;
    }

    static String llama(String image) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://acme/llama, servedName: llama}
                  runtime: {engine: vllm, image: vllm/vllm-openai:%s, args: {max-model-len: 8192}}
                  resources:
                    gpu: {type: H100-80GB, count: 1}
                  replicas: 1
                  rollout:
                    strategy: canary
                    progressDeadline: 2m
                    steps:
                      - weight: 20
                      - pause: 5s
                      - weight: 40
                      - analysis:
                          interval: 1s
                          count: 300
                          metrics:
                            - {name: ttft, query: 'max(ttft_p95_seconds{version="{{version}}"})', condition: "p95 ttft < 500ms"}
                      - weight: 60
                """.formatted(image);
    }

    static final String ROUTE = """
            apiVersion: sextant.io/v1
            kind: InferenceRoute
            metadata: {name: chat, namespace: search}
            spec:
              modelName: chat
              targets:
                - {deployment: llama, weight: 100}
            """;
}
