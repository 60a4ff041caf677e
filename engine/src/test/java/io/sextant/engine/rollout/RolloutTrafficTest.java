package io.sextant.engine.rollout;

import static io.sextant.git.testing.GitCli.commitFile;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.EngineClient;
import io.sextant.engine.MutableClock;
import io.sextant.engine.SextantApplication;
import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
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
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What a rollout does around its canary, end to end on a real engine and the {@code sim} backend (8 H100s,
 * 1 L4): the route in front of the deployment carries the canary's weight at each step, and a drift scan
 * neither flags nor undoes that split but puts it back when it is changed out of band; a canary that does
 * not fit beside stable surges with fewer replicas or is refused with how many GPUs are missing; and a
 * deployment that is never Healthy becomes Degraded after its progress deadline, stays so whatever the reconciler
 * observes meanwhile, and is Healthy again once the backend says so; the rollout metrics reach the scrape. The engine's clock and the
 * rollout timer are moved by hand; the steps build on each other, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutTrafficTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final Kind DEPLOYMENT = Kind.of("ModelDeployment");
    private static final ResourceKey CHAT = new ResourceKey(Kind.of("InferenceRoute"), "search", "chat");
    private static final ResourceKey LLAMA_CANARY = new ResourceKey(DEPLOYMENT, "search", "llama--canary");
    private static final ResourceKey WIDE_CANARY = new ResourceKey(DEPLOYMENT, "search", "wide--canary");

    @TempDir
    static Path root;
    private static GitHttpServer server;
    private static Path work;
    private static ConfigurableApplicationContext engine;
    private static EngineClient client;
    private static RolloutController rollouts;
    private static Applier sim;
    private static MeterRegistry meters;

    static String deployment(String name, String revision, int replicas, String gpu, int gpus) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: %s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: %s, count: %d}}
                  replicas: %d
                  rollout:
                    strategy: canary
                    steps:
                      - weight: 20
                      - pause: 1m
                      - weight: 50
                      - pause: 1m
                """.formatted(name, revision, gpu, gpus, replicas);
    }

    static String blueGreen(String name, String revision) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: %s}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                  rollout:
                    strategy: blueGreen
                    blueGreen: {prewarm: 2m, scaleDownDelay: 30s}
                """.formatted(name, revision);
    }

    private static final String ROUTE = """
            apiVersion: sextant.io/v1
            kind: InferenceRoute
            metadata: {name: chat, namespace: search}
            spec:
              modelName: chat
              targets:
                - {deployment: llama, weight: 90}
                - {deployment: other, weight: 10}
            """;

    @BeforeAll
    static void start() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        work = GitCli.initRepo(root.resolve("work"));
        Files.createDirectories(work.resolve("teams/search"));
        Files.writeString(work.resolve("teams/search/other.yaml"), deployment("other", "v1", 1, "H100-80GB", 1));
        Files.writeString(work.resolve("teams/search/route.yaml"), ROUTE);
        commitFile(work, "teams/search/llama.yaml", deployment("llama", "v1", 1, "H100-80GB", 1), "llama v1");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=admin",
                        "sextant.analysis.tick=0s", "sextant.analysis.threads=0", "sextant.rollout.tick=0s",
                        "sextant.drift.interval=1h",
                        "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                        "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                        "sextant.sources[0].auth.username=sextant",
                        "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus[H100-80GB]=8", "sextant.backends[0].gpus[L4-24GB]=1")
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run();
        client = new EngineClient(Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
        rollouts = engine.getBean(RolloutController.class);
        sim = engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
        meters = engine.getBean(MeterRegistry.class);
        sync();
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

    private static String push(String file, String content) {
        String commit = commitFile(work, file, content, "change " + file);
        git(work, "push", "-q", "origin", "main");
        sync();
        return commit;
    }

    private static void sync() {
        long before = reconciles("manual");
        client.sync();
        EngineClient.await("the sync to finish", Duration.ofSeconds(20), () -> reconciles("manual") > before);
    }

    /** A drift scan of the sim backend, as the scheduled one runs, finished. */
    private static void driftScan() {
        long before = reconciles("drift");
        engine.getBean(Reconciler.class).requestDrift("sim-local");
        EngineClient.await("the drift scan to finish", Duration.ofSeconds(20), () -> reconciles("drift") > before);
    }

    private static long reconciles(String trigger) {
        return meters.find("sextant.reconcile").tag("trigger", trigger).timers().stream().mapToLong(Timer::count)
                .sum();
    }

    /** The weights the backend routes {@code chat} with now, deployment to percent. */
    private static Map<String, Integer> liveWeights() throws Exception {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode t : sim.observe(CHAT).orElseThrow().manifest().at("/spec/targets")) {
            weights.put(t.get("deployment").asString(), t.get("weight").asInt());
        }
        return weights;
    }

    private static long audit(String action) {
        long n = 0;
        for (JsonNode e : client.getJson("/api/v1/audit?limit=1000").get("items")) {
            n += e.get("action").asString().equals(action) ? 1 : 0;
        }
        return n;
    }

    @Test
    @Order(1)
    void theRouteCarriesTheCanaryWeightAtEachStepAndGoesBackToGitOnPromotion() throws Exception {
        String commit = commitFile(work, "teams/search/llama.yaml", deployment("llama", "v2", 1, "H100-80GB", 1),
                "llama v2");
        git(work, "push", "-q", "origin", "main");
        JsonNode planned = client.getJson("/api/v1/plan?revision=" + commit).at("/steps/0");
        assertThat(planned.at("/resource/name").asString()).isEqualTo("llama");
        assertThat(planned.at("/rollout").asString()).as("the plan says how it will roll out")
                .isEqualTo("rollout: canary 20% → 50% → 100%, GPU peak 2 × H100-80GB (+1 during the rollout)");
        sync();
        assertThat(sim.observe(LLAMA_CANARY)).isPresent();
        assertThat(liveWeights()).as("no traffic before the first weight step").containsExactly(
                Map.entry("llama", 90), Map.entry("other", 10));

        rollouts.advance(); // weight 20, pause begins

        assertThat(liveWeights()).containsOnly(Map.entry("llama", 72), Map.entry("llama--canary", 18),
                Map.entry("other", 10));
        assertThat(client.resource("InferenceRoute", "search", "chat").at("/message").asString())
                .contains("shifted by the rollout of llama");
        assertThat(client.getJson("/api/v1/resources/InferenceRoute/search/chat").at("/desired/spec/targets/0/weight")
                .asInt()).as("Git unchanged").isEqualTo(90);

        driftScan();
        assertThat(liveWeights()).as("the drift scan leaves the split alone").containsEntry("llama--canary", 18);
        assertThat(audit("drift-detected")).isZero();
        assertThat(audit("drift-corrected")).isZero();

        ((DriftControl) sim).setField(CHAT, "/spec/targets", JsonNodeFactory.instance.arrayNode()
                .add(JsonNodeFactory.instance.objectNode().put("deployment", "llama").put("weight", 50))
                .add(JsonNodeFactory.instance.objectNode().put("deployment", "other").put("weight", 50)));
        driftScan();
        assertThat(liveWeights()).as("an out-of-band change is put back to the rollout's split")
                .containsOnly(Map.entry("llama", 72), Map.entry("llama--canary", 18), Map.entry("other", 10));

        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance(); // weight 50
        assertThat(liveWeights()).containsOnly(Map.entry("llama", 45), Map.entry("llama--canary", 45),
                Map.entry("other", 10));

        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance(); // promoted

        assertThat(sim.observe(LLAMA_CANARY)).isEmpty();
        assertThat(liveWeights()).containsOnly(Map.entry("llama", 90), Map.entry("other", 10));
        assertThat(sim.observe(new ResourceKey(DEPLOYMENT, "search", "llama")).orElseThrow().manifest()
                .at("/spec/model/revision").asString()).isEqualTo("v2");
        driftScan();
        assertThat(client.resource("InferenceRoute", "search", "chat").at("/sync").asString()).isEqualTo("Synced");
    }

    @Test
    @Order(2)
    void blueGreenKeepsTrafficOnBlueUntilGreenIsPrewarmedThenSwitchesAllAtOnce() throws Exception {
        String commit = push("teams/search/llama.yaml", blueGreen("llama", "v3"));
        assertThat(sim.observe(LLAMA_CANARY).orElseThrow().manifest().at("/spec/replicas").asInt())
                .as("green at full replicas").isEqualTo(1);

        rollouts.advance(); // green Healthy: pre-warm begins
        assertThat(liveWeights()).containsOnly(Map.entry("llama", 90), Map.entry("other", 10));
        sync();
        assertThat(client.resource("ModelDeployment", "search", "llama").at("/message").asString())
                .isEqualTo("blue-green rollout of " + commit.substring(0, 7)
                        + ": green pre-warming for 2m (step 2/4), traffic on blue");

        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance();
        assertThat(liveWeights()).as("still pre-warming").containsOnly(Map.entry("llama", 90), Map.entry("other", 10));

        CLOCK.advance(Duration.ofMinutes(1));
        rollouts.advance(); // switched: all of llama's share on green at once, blue kept 30s
        assertThat(liveWeights()).containsOnly(Map.entry("llama--canary", 90), Map.entry("other", 10));
        assertThat(sim.observe(new ResourceKey(DEPLOYMENT, "search", "llama")).orElseThrow().manifest()
                .at("/spec/model/revision").asString()).as("blue still there").isEqualTo("v2");

        CLOCK.advance(Duration.ofSeconds(30));
        rollouts.advance(); // promoted: blue replaced, traffic back on the stable name

        assertThat(sim.observe(LLAMA_CANARY)).isEmpty();
        assertThat(liveWeights()).containsOnly(Map.entry("llama", 90), Map.entry("other", 10));
        assertThat(sim.observe(new ResourceKey(DEPLOYMENT, "search", "llama")).orElseThrow().manifest()
                .at("/spec/model/revision").asString()).isEqualTo("v3");
    }

    @Test
    @Order(3)
    void anAbortedCanaryGivesItsShareOfTheRouteBackToStable() throws Exception {
        // Step 2 (the pause) becomes an analysis of time to first token, which this commit breaks fourfold.
        String yaml = deployment("llama", "v3-slow", 1, "H100-80GB", 1).replaceFirst("      - pause: 1m\n",
                "      - analysis:\n"
                        + "          interval: 30s\n"
                        + "          count: 2\n"
                        + "          metrics:\n"
                        + "            - {name: ttft, signal: ttft, quantile: 0.95, condition: \"p95 ttft < 500ms\"}\n");
        assertThat(yaml).contains("analysis");
        String commit = commitFile(work, "teams/search/llama.yaml", yaml, "llama v3-slow");
        engine.getBean(BackendRegistry.class).find("sim-local").flatMap(SimServingMetrics::of).orElseThrow()
                .degrade(commit, new SimServingMetrics.Profile(2.0, 0.05, 0.002, 20));
        git(work, "push", "-q", "origin", "main");
        sync();

        rollouts.advance(); // weight 20, analysis started
        assertThat(liveWeights()).containsEntry("llama--canary", 18);
        AnalysisService analyses = engine.getBean(AnalysisService.class);
        for (int i = 0; i < 2; i++) {
            CLOCK.advance(Duration.ofSeconds(30));
            analyses.tick();
            rollouts.advance();
        }

        assertThat(audit("rollout-aborted")).isEqualTo(1);
        assertThat(sim.observe(LLAMA_CANARY)).isEmpty();
        assertThat(liveWeights()).containsOnly(Map.entry("llama", 90), Map.entry("other", 10));
        assertThat(client.resource("InferenceRoute", "search", "chat").at("/message").asString())
                .startsWith("traffic back as in Git after the rollout of llama");
        // Back to the live version in Git, so later commits do not roll v3-slow out again.
        push("teams/search/llama.yaml", blueGreen("llama", "v3"));
        assertThat(sim.observe(LLAMA_CANARY)).isEmpty();
    }

    @Test
    @Order(4)
    void aCanaryThatDoesNotFitBesideStableSurgesWithTheReplicasThatFit() throws Exception {
        // 2 H100 used (llama, other); wide takes 2 x 2, leaving 2 free: its 4-GPU canary does not fit.
        push("teams/search/wide.yaml", deployment("wide", "v1", 2, "H100-80GB", 2));
        push("teams/search/wide.yaml", deployment("wide", "v2", 2, "H100-80GB", 2));

        ObservedResource canary = sim.observe(WIDE_CANARY).orElseThrow();
        assertThat(canary.manifest().at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(canary.health().name()).isEqualTo("HEALTHY");
        assertThat(sim.capacity().pools().get("H100-80GB").free()).isZero();
    }

    @Test
    @Order(5)
    void aCanaryWithNoRoomForOneReplicaIsRefusedWithTheGpusItMisses() throws Exception {
        String commit = push("teams/search/llama.yaml", deployment("llama", "v4", 1, "H100-80GB", 1));

        assertThat(sim.observe(LLAMA_CANARY)).isEmpty();
        JsonNode llama = client.resource("ModelDeployment", "search", "llama");
        assertThat(llama.at("/message").asString()).isEqualTo("canary of " + commit.substring(0, 7)
                + " refused: needs 1 more H100-80GB GPU (free 0 of 8)");
        assertThat(llama.at("/operation").asString()).isEqualTo("Blocked");
        assertThat(sim.observe(new ResourceKey(DEPLOYMENT, "search", "llama")).orElseThrow().manifest()
                .at("/spec/model/revision").asString()).as("stable serves on").isEqualTo("v3");
    }

    @Test
    @Order(6)
    void aDeploymentNeverHealthyIsDegradedAfterItsProgressDeadline() throws Exception {
        push("teams/search/stuck.yaml", """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: stuck, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: L4-24GB, count: 2}}
                  replicas: 1
                """);
        ResourceTracker deadlines = engine.getBean(ResourceTracker.class); // the rollout timer's rejudge, by hand
        String reason = client.resource("ModelDeployment", "search", "stuck").at("/message").asString();
        assertThat(reason).contains("insufficient GPUs");

        // Applied at lastSyncedAt; the engine's clock, moved by the earlier steps, is brought to 9 minutes after.
        Instant applied = Instant.parse(client.resource("ModelDeployment", "search", "stuck").at("/lastSyncedAt")
                .asString());
        CLOCK.advance(Duration.between(CLOCK.instant(), applied.plus(Duration.ofMinutes(9))));
        deadlines.rejudge();
        assertThat(client.resource("ModelDeployment", "search", "stuck").at("/message").asString())
                .as("within the deadline the backend's word stands").isEqualTo(reason);

        CLOCK.advance(Duration.ofMinutes(2));
        deadlines.rejudge();

        JsonNode stuck = client.resource("ModelDeployment", "search", "stuck");
        assertThat(stuck.at("/health").asString()).isEqualTo("Degraded");
        assertThat(stuck.at("/message").asString()).isEqualTo("not Healthy within progressDeadline 10m: " + reason);
    }

    @Test
    @Order(7)
    void theReconcilersNextLookKeepsTheDeadlinesVerdictWithoutTheTimer() throws Exception {
        push("teams/search/blocker.yaml", deployment("blocker", "v1", 1, "L4-24GB", 1).replaceAll(
                "(?s)  rollout:.*", ""));
        push("teams/search/late.yaml", deployment("late", "v1", 1, "L4-24GB", 1).replaceAll("(?s)  rollout:.*", ""));
        String reason = client.resource("ModelDeployment", "search", "late").at("/message").asString();
        assertThat(reason).as("the one L4 is the blocker's").contains("insufficient GPUs");

        CLOCK.advance(Duration.ofMinutes(11));
        driftScan(); // observes every resource again; the rollout timer does not run (tick 0s)

        JsonNode late = client.resource("ModelDeployment", "search", "late");
        assertThat(late.at("/health").asString()).isEqualTo("Degraded");
        assertThat(late.at("/message").asString()).isEqualTo("not Healthy within progressDeadline 10m: " + reason);
        assertThat(client.resource("ModelDeployment", "search", "stuck").at("/message").asString())
                .as("the backend's word, observed again, does not undo the verdict")
                .startsWith("not Healthy within progressDeadline 10m: insufficient GPUs");
    }

    @Test
    @Order(8)
    void aDeploymentDegradedByItsDeadlineIsHealthyOnceTheBackendSaysSo() throws Exception {
        ((DriftControl) sim).removeOutOfBand(new ResourceKey(DEPLOYMENT, "search", "blocker")); // frees the L4
        engine.getBean(ResourceTracker.class).rejudge();
        assertThat(client.resource("ModelDeployment", "search", "late").at("/health").asString())
                .as("not observed yet: the verdict stands").isEqualTo("Degraded");

        driftScan();

        JsonNode late = client.resource("ModelDeployment", "search", "late");
        assertThat(late.at("/health").asString()).isEqualTo("Healthy");
        assertThat(late.at("/message").asString()).doesNotContain("progressDeadline").contains("1 of 1 replicas placed");
        engine.getBean(ResourceTracker.class).rejudge();
        assertThat(client.resource("ModelDeployment", "search", "late").at("/health").asString()).isEqualTo("Healthy");
    }

    @Test
    @Order(9)
    void theScrapeNamesEveryRolloutSeriesSextantRollout() {
        String scrape = client.get("/actuator/prometheus").body();

        assertThat(scrape).contains("sextant_rollout_ended_total{outcome=\"promoted\"}",
                "sextant_rollout_ended_total{outcome=\"aborted\"} 1.0", "sextant_rollout_running ",
                "sextant_rollout_breach_to_stable_seconds_count 1");
        assertThat(scrape).doesNotContain("sextant_rollouts_");
    }
}
