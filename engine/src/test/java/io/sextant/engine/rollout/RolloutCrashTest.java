package io.sextant.engine.rollout;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.appliers.api.Applier;
import io.sextant.engine.EngineClient;
import io.sextant.engine.MutableClock;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.analysis.AnalysisService;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 in the middle of two canary rollouts (the engine in its own JVM on its embedded database, SIGKILLed):
 * {@code llama} during the pause after its first weight step, {@code mistral} during an analysis that would
 * fail. Restarted on the same data directory, llama resumes from its journaled step (weight and route split
 * kept, no second canary) and is promoted once; mistral's analysis runs again and aborts it once. No create or
 * update is written twice and the audit chain verifies.
 */
class RolloutCrashTest {

    private static final List<String> SOURCE = List.of("sextant.sources[0].name=fleet",
            "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
            "sextant.sources[0].auth.username=sextant", "sextant.backends[0].name=sim-local",
            "sextant.backends[0].type=sim", "sextant.backends[0].gpus[H100-80GB]=8", "sextant.api.admin-token=admin",
            "sextant.drift.interval=1h");

    @TempDir
    Path root;

    static String deployment(String name, String revision, String steps) {
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
                    strategy: canary
                    steps:
                %s""".formatted(name, revision, steps.indent(6));
    }

    static final String LLAMA_STEPS = """
            - weight: 30
            - pause: 10m
            - analysis:
                interval: 30s
                count: 2
                metrics:
                  - {name: ttft, signal: ttft, quantile: 0.95, condition: "p95 ttft < 500ms"}
            - weight: 60
            """;
    /** No model answers in under a microsecond: the first measurement fails. */
    static final String MISTRAL_STEPS = """
            - weight: 20
            - analysis:
                interval: 5m
                count: 2
                metrics:
                  - {name: ttft, signal: ttft, quantile: 0.95, condition: "p95 ttft < 1us"}
            - weight: 50
            """;

    static String route(String deployment) {
        return """
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: %s-route, namespace: search}
                spec:
                  modelName: %s
                  targets:
                    - {deployment: %s, weight: 100}
                """.formatted(deployment, deployment, deployment);
    }

    @Test
    void killedMidRolloutTheEngineResumesFromTheJournaledStepsAndEndsEachRolloutOnce() throws Exception {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        Path data = root.resolve("data");
        try (GitHttpServer server = GitHttpServer.start(repos, "sextant", "s3cret-token")) {
            Path work = GitCli.initRepo(root.resolve("work"));
            write(work, "v1");
            commitAll(work, "v1");
            git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
            git(work, "push", "-q", "origin", "main");
            Files.writeString(root.resolve("git-token"), "s3cret-token\n");
            List<String> settings = new ArrayList<>(SOURCE);
            settings.add("sextant.sources[0].url=" + server.url("fleet"));
            settings.add("sextant.sources[0].auth.token-file=" + root.resolve("git-token"));
            settings.add("sextant.data-dir=" + data);

            int port = freePort();
            Process engine = start(port, settings);
            Map<String, Integer> splitAtKill;
            String[] startedAt = new String[1];
            try {
                EngineClient client = new EngineClient(port, "admin");
                EngineClient.await("the engine up", Duration.ofSeconds(180), () -> alive(engine) && up(client));
                client.sync();
                EngineClient.await("v1 live", Duration.ofSeconds(60), () -> alive(engine) && healthy(client, "llama")
                        && healthy(client, "mistral"));
                write(work, "v2");
                commitAll(work, "v2");
                git(work, "push", "-q", "origin", "main");
                client.sync();
                EngineClient.await("llama in its pause and mistral in its analysis", Duration.ofSeconds(120), () -> {
                    JsonNode llama = rollout(client, "llama");
                    JsonNode mistral = rollout(client, "mistral");
                    return alive(engine) && llama != null && llama.at("/step").asInt() == 2
                            && llama.at("/canaryWeight").asInt() == 30 && mistral != null
                            && mistral.at("/step").asInt() == 2 && mistral.at("/analyses").size() == 1;
                });
                startedAt[0] = rollout(client, "llama").at("/startedAt").asString();
            } finally {
                engine.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful stop
                engine.waitFor();
            }
            try (Applier sim = io.sextant.appliers.api.Appliers.create(new io.sextant.appliers.api.BackendConfig(
                    "sim-local", "sim", Map.of("gpus", Map.of("H100-80GB", 8)), data.resolve("backends/sim-local")))) {
                splitAtKill = weights(sim, "llama");
                assertThat(splitAtKill).containsExactly(Map.entry("llama", 70), Map.entry("llama--canary", 30));
                assertThat(weights(sim, "mistral")).containsExactly(Map.entry("mistral", 80),
                        Map.entry("mistral--canary", 20));
            }

            MutableClock clock = new MutableClock(Instant.now());
            List<String> restartSettings = new ArrayList<>(settings);
            restartSettings.addAll(List.of("server.port=0", "sextant.rollout.tick=0s", "sextant.analysis.tick=0s",
                    "sextant.analysis.threads=0"));
            try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(SextantApplication.class)
                    .properties(restartSettings.toArray(String[]::new))
                    .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock)).run()) {
                EngineClient client = new EngineClient(
                        Integer.parseInt(restarted.getEnvironment().getProperty("local.server.port")), "admin");
                RolloutController rollouts = restarted.getBean(RolloutController.class);
                AnalysisService analyses = restarted.getBean(AnalysisService.class);
                Applier sim = restarted.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
                MeterRegistry meters = restarted.getBean(MeterRegistry.class);
                long before = reconciles(meters);
                client.sync();
                EngineClient.await("the first sync after the restart", Duration.ofSeconds(30),
                        () -> reconciles(meters) > before);
                rollouts.advance();

                JsonNode llama = rollout(client, "llama");
                assertThat(llama.at("/phase").asString()).isEqualTo("RUNNING");
                assertThat(llama.at("/step").asInt()).as("still in the journaled pause").isEqualTo(2);
                assertThat(llama.at("/canaryWeight").asInt()).isEqualTo(30);
                assertThat(llama.at("/startedAt").asString()).as("the same rollout, not a second canary start")
                        .isEqualTo(startedAt[0]);
                assertThat(weights(sim, "llama")).as("the route's split unchanged").isEqualTo(splitAtKill);

                clock.advance(Duration.ofMinutes(5)); // mistral's restarted analysis measures and fails
                analyses.tick();
                rollouts.advance();
                assertThat(rollout(client, "mistral").at("/phase").asString()).isEqualTo("ABORTED");
                assertThat(rollout(client, "mistral").at("/analyses").size()).as("the analysis ran again").isEqualTo(2);
                assertThat(weights(sim, "mistral")).containsExactly(Map.entry("mistral", 100));

                clock.advance(Duration.ofMinutes(5)); // llama's pause is over: its analysis, then weight 60, promoted
                rollouts.advance();
                for (int i = 0; i < 6 && !"PROMOTED".equals(rollout(client, "llama").at("/phase").asString()); i++) {
                    clock.advance(Duration.ofSeconds(30));
                    analyses.tick();
                    rollouts.advance();
                }
                assertThat(rollout(client, "llama").at("/phase").asString()).isEqualTo("PROMOTED");
                assertThat(weights(sim, "llama")).containsExactly(Map.entry("llama", 100));

                JsonNode events = client.getJson("/api/v1/audit?limit=10000").get("items");
                assertThat(count(events, "rollout-promoted", "llama")).isOne();
                assertThat(count(events, "rollout-aborted", "mistral")).isOne();
                assertThat(count(events, "rollout-promoted", "mistral")).isZero();
                Set<String> writes = new HashSet<>();
                for (JsonNode e : events) {
                    String action = e.get("action").asString();
                    if (action.equals("create") || action.equals("update")) {
                        assertThat(writes.add(action + " " + e.get("resource") + " " + e.get("commit").asString()
                                + " " + e.get("changes"))).as("written once: " + e).isTrue();
                    }
                }
                assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
            }
        }
    }

    private static void write(Path work, String revision) throws Exception {
        Files.createDirectories(work.resolve("teams/search"));
        Files.writeString(work.resolve("teams/search/llama.yaml"), deployment("llama", revision, LLAMA_STEPS));
        Files.writeString(work.resolve("teams/search/mistral.yaml"), deployment("mistral", revision, MISTRAL_STEPS));
        Files.writeString(work.resolve("teams/search/routes.yaml"), route("llama") + "---\n" + route("mistral"));
    }

    private static Process start(int port, List<String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SextantApplication.class.getName(), "--server.port=" + port));
        settings.forEach(s -> command.add("--" + s));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(Path.of("target")).resolve("rollout-crash-engine.log").toFile())
                .start();
    }

    private static boolean alive(Process engine) {
        if (!engine.isAlive()) {
            throw new AssertionError("the engine process exited early; see target/rollout-crash-engine.log");
        }
        return true;
    }

    private static boolean up(EngineClient client) {
        try {
            client.getJson("/api/v1/resources");
            return true;
        } catch (AssertionError | RuntimeException notYet) {
            return false;
        }
    }

    private static boolean healthy(EngineClient client, String name) {
        try {
            return "Healthy".equals(client.resource("ModelDeployment", "search", name).at("/health").asString());
        } catch (AssertionError | RuntimeException notYet) {
            return false;
        }
    }

    /** The rollout as the API shows it, or null before there is one. */
    private static JsonNode rollout(EngineClient client, String name) {
        try {
            return client.getJson("/api/v1/rollouts/ModelDeployment/search/" + name).get("rollout");
        } catch (AssertionError | RuntimeException none) {
            return null;
        }
    }

    private static Map<String, Integer> weights(Applier sim, String deployment) throws Exception {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode t : sim.observe(new ResourceKey(Kind.of("InferenceRoute"), "search", deployment + "-route"))
                .orElseThrow().manifest().at("/spec/targets")) {
            weights.put(t.get("deployment").asString(), t.get("weight").asInt());
        }
        return weights;
    }

    private static long count(JsonNode events, String action, String name) {
        long n = 0;
        for (JsonNode e : events) {
            n += e.get("action").asString().equals(action) && e.at("/resource/name").asString().equals(name) ? 1 : 0;
        }
        return n;
    }

    private static long reconciles(MeterRegistry meters) {
        return meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
