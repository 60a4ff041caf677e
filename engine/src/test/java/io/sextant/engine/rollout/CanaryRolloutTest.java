package io.sextant.engine.rollout;

import io.sextant.engine.MutableClock;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/**
 * Canary rollouts end to end: specs pushed to a Git repository served over HTTP, reconciled by a real
 * engine onto the {@code sim} backend, whose per-version serving metrics the analysis reads. The engine's
 * clock, the analysis and the rollout timer are moved by hand. A healthy canary is promoted; a canary whose
 * time to first token breaks its SLO is aborted within two analysis intervals, and its commit is not
 * applied again. The steps build on each other (stable, promoted, aborted), so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryRolloutTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private static final ResourceKey LLAMA = new ResourceKey(Kind.of("ModelDeployment"), "search", "llama");
    private static final ResourceKey CANARY = new ResourceKey(Kind.of("ModelDeployment"), "search", "llama--canary");
    private static final String FILE = "teams/search/llama.yaml";

    @TempDir
    static Path root;
    private static GitHttpServer server;
    private static Path work;
    private static ConfigurableApplicationContext engine;
    private static EngineClient client;
    private static RolloutController rollouts;
    private static AnalysisService analyses;
    private static Applier sim;
    private static MeterRegistry meters;

    static String deployment(String revision) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: %s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                  rollout:
                    strategy: canary
                    steps:
                      - weight: 20
                      - analysis:
                          interval: 30s
                          count: 2
                          metrics:
                            - {name: ttft, signal: ttft, quantile: 0.95, condition: "p95 ttft < 500ms"}
                      - weight: 50
                      - pause: 1m
                """.formatted(revision);
    }

    @BeforeAll
    static void start() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        work = GitCli.initRepo(root.resolve("work"));
        commitFile(work, FILE, deployment("v1"), "llama v1");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                        "sextant.analysis.tick=0s", "sextant.analysis.threads=0", "sextant.rollout.tick=0s",
                        "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                        "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                        "sextant.sources[0].auth.username=sextant",
                        "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus[H100-80GB]=8")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run();
        client = new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
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
    }

    /** Pushes a new revision of the model and lets the engine reconcile it; returns the commit. */
    private static String push(String revision) {
        String commit = commitFile(work, FILE, deployment(revision), "llama " + revision);
        git(work, "push", "-q", "origin", "main");
        sync();
        return commit;
    }

    private static void sync() {
        long before = reconciles();
        client.sync();
        EngineClient.await("the sync to finish", Duration.ofSeconds(20), () -> reconciles() > before);
    }

    private static long reconciles() {
        return meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum();
    }

    private static void interval() {
        CLOCK.advance(INTERVAL);
        analyses.tick();
        rollouts.advance();
    }

    private static String liveRevision(ResourceKey key) throws Exception {
        Optional<ObservedResource> live = sim.observe(key);
        return live.map(o -> o.manifest().at("/spec/model/revision").asString()).orElse(null);
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

    @Test
    @Order(1)
    void theFirstVersionIsAppliedAtOnceWithoutACanary() throws Exception {
        sync();

        assertThat(client.resource("ModelDeployment", "search", "llama").at("/health").asString()).isEqualTo("Healthy");
        assertThat(liveRevision(LLAMA)).isEqualTo("v1");
        assertThat(sim.observe(CANARY)).isEmpty();
    }

    @Test
    @Order(2)
    void aHealthyCanaryRunsBesideStableAndIsPromotedAfterItsSteps() throws Exception {
        String commit = push("v2");

        assertThat(liveRevision(CANARY)).isEqualTo("v2");
        assertThat(liveRevision(LLAMA)).as("stable untouched while the canary runs").isEqualTo("v1");
        assertThat(client.resource("ModelDeployment", "search", "llama").at("/message").asString())
                .startsWith("canary rollout of " + commit.substring(0, 7));

        rollouts.advance(); // weight 20, analysis started
        interval();
        interval(); // two healthy measurements: analysis successful, weight 50, pause begins
        assertThat(liveRevision(LLAMA)).as("still in the pause").isEqualTo("v1");
        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance();

        assertThat(liveRevision(LLAMA)).isEqualTo("v2");
        assertThat(sim.observe(CANARY)).isEmpty();
        JsonNode resource = client.resource("ModelDeployment", "search", "llama");
        assertThat(resource.at("/appliedRevision").asString()).isEqualTo(commit);
        assertThat(resource.at("/sync").asString()).isEqualTo("Synced");
        assertThat(audit("rollout-promoted")).singleElement()
                .satisfies(e -> assertThat(e.get("commit").asString()).isEqualTo(commit));
    }

    @Test
    @Order(3)
    void aCanaryBreakingItsTtftSloIsAbortedWithinTwoIntervalsAndNotReapplied() throws Exception {
        String commit = commitFile(work, FILE, deployment("v3"), "llama v3");
        // Time to first token of 2 s on the new version: four times the SLO.
        engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow()
                .degrade(commit, new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        git(work, "push", "-q", "origin", "main");
        sync();
        assertThat(liveRevision(CANARY)).isEqualTo("v3");

        rollouts.advance(); // weight 20, analysis started
        Instant analysisStarted = CLOCK.instant();
        interval();
        interval();

        assertThat(sim.observe(CANARY)).as("canary scaled down").isEmpty();
        assertThat(liveRevision(LLAMA)).as("traffic and version back on stable").isEqualTo("v2");
        List<JsonNode> aborted = audit("rollout-aborted");
        assertThat(aborted).singleElement().satisfies(e -> {
            assertThat(e.get("commit").asString()).isEqualTo(commit);
            assertThat(e.get("outcome").asString()).isEqualTo("failed");
            assertThat(e.get("error").asString()).contains("ttft (p95 ttft < 500ms)").contains("canary 2.");
        });
        String analysis = client.getJson("/api/v1/analyses?namespace=search&name=llama").at("/items/0/id").asString();
        JsonNode run = client.getJson("/api/v1/analyses/" + analysis).at("/analysis");
        assertThat(run.at("/canary").asString()).isEqualTo(commit);
        assertThat(run.at("/phase").asString()).isEqualTo("FAILED");
        assertThat(Instant.parse(run.at("/finishedAt").asString()))
                .isBeforeOrEqualTo(analysisStarted.plus(INTERVAL.multipliedBy(2)));
        JsonNode resource = client.resource("ModelDeployment", "search", "llama");
        assertThat(resource.at("/health").asString()).isEqualTo("Degraded");
        assertThat(resource.at("/message").asString()).contains("aborted").contains("p95 ttft < 500ms");

        int updatesBefore = audit("update").size();
        sync(); // a later poll of the same commit
        sync();

        assertThat(liveRevision(LLAMA)).isEqualTo("v2");
        assertThat(sim.observe(CANARY)).isEmpty();
        assertThat(audit("update")).hasSize(updatesBefore);
        assertThat(audit("rollout-aborted")).hasSize(1);
        assertThat(client.resource("ModelDeployment", "search", "llama").at("/message").asString())
                .contains("push a newer commit");
        assertThat(client.getJson("/api/v1/audit/verify").at("/valid").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void aSuspendedResourcesRunningRolloutStandsStillAndGoesOnAfterResume() throws Exception {
        String commit = push("v4");
        assertThat(liveRevision(CANARY)).isEqualTo("v4");
        String path = "/api/v1/resources/ModelDeployment/search/llama/";
        assertThat(client.post(path + "suspend?reason=incident", "admin").statusCode()).isEqualTo(200);

        // Every step's time passes while suspended: without the suspension this would promote v4.
        rollouts.advance();
        interval();
        interval();
        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance();

        assertThat(liveRevision(LLAMA)).as("stable untouched while suspended").isEqualTo("v2");
        assertThat(liveRevision(CANARY)).as("canary neither promoted nor aborted").isEqualTo("v4");
        assertThat(audit("rollout-promoted")).hasSize(1);
        assertThat(audit("rollout-aborted")).hasSize(1);

        long before = reconciles();
        assertThat(client.post(path + "resume", "admin").statusCode()).isEqualTo(200);
        EngineClient.await("the reconcile after resume", Duration.ofSeconds(20), () -> reconciles() > before);
        rollouts.advance(); // weight 20, analysis started
        interval();
        interval();
        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance();

        assertThat(liveRevision(LLAMA)).isEqualTo("v4");
        assertThat(sim.observe(CANARY)).isEmpty();
        assertThat(audit("rollout-promoted")).hasSize(2)
                .first().satisfies(e -> assertThat(e.get("commit").asString()).isEqualTo(commit));
    }
}
