package io.sextant.engine;

import static io.sextant.engine.CombinedFeaturesTest.count;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A hard kill in the middle of a rollout: two engine replicas as their own JVMs on one PostgreSQL, and the one
 * moving the canary's traffic is SIGKILLed the moment the API server takes its route shift, before it could
 * journal the step. The other replica must go on from the journaled step: no second canary, traffic never put
 * back on stable, the rollout promoted, one audit event per (commit, resource, action), the chain intact.
 */
class CombinedRolloutsKillTest {

    static final String ADMIN = CombinedFeaturesTest.ADMIN;

    @TempDir
    Path root;

    @Test
    void theSurvivorFinishesARolloutWhoseReplicaWasKilledMidStepWithoutRestartingIt() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "teams/search/llama.yaml", llama(CombinedRolloutsTest.STABLE_IMAGE));
        GitCli.writeFile(work, "teams/search/route.yaml", CombinedRolloutsTest.ROUTE);
        GitCli.commitAll(work, "search: llama behind the chat route");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        List<EngineReplica> replicas = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
             KubeApiServer kube = new KubeApiServer(Duration.ZERO);
             Kubelet kubelet = Kubelet.start(kube, 8);
             AutoCloseable stop = () -> replicas.forEach(EngineReplica::close)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            CombinedFeaturesTest.push(work);
            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            for (String name : List.of("kill-a", "kill-b")) {
                // Each replica calls the API server as itself, so the test knows who sent a write.
                Path token = Files.writeString(root.resolve(name + "-kube-token"), name + "\n");
                Map<String, String> settings = CombinedFeaturesTest.settingsFor(postgres, git, kube, root);
                settings.put("sextant.backends[0].token-file", token.toString());
                settings.put("sextant.backends[0].gateway", "gateway-system/inference");
                settings.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
                settings.remove("server.port"); // each process gets its own free port from EngineReplica
                replicas.add(EngineReplica.start(name, root, root.resolve("logs"), settings));
            }
            for (EngineReplica replica : replicas) {
                try {
                    replica.awaitUp(Duration.ofSeconds(180));
                } catch (AssertionError e) {
                    List<String> log = Files.readAllLines(replica.log);
                    throw new AssertionError(e.getMessage() + "\n" + String.join("\n",
                            log.subList(Math.max(0, log.size() - 30), log.size())), e);
                }
            }
            EngineClient first = replicas.get(0).client(ADMIN);
            EngineClient.await("llama live and Healthy", Duration.ofSeconds(120), () -> {
                JsonNode llama = first.resource("ModelDeployment", "search", "llama");
                return llama != null && "Healthy".equals(llama.path("health").asString());
            });

            // SIGKILL whoever shifts traffic to the canary, as the API server takes the shift.
            AtomicReference<EngineReplica> victim = new AtomicReference<>();
            List<Integer> canaryWeights = new CopyOnWriteArrayList<>();
            kube.api.onWrite(call -> {
                if (!call.apply() || !call.path().endsWith("/httproutes/search--chat")) {
                    return;
                }
                int weight = canaryWeight(call.body());
                canaryWeights.add(weight);
                if (weight == 20 && victim.get() == null) {
                    EngineReplica runner = replicas.stream().filter(r -> r.name.equals(call.caller())).findFirst()
                            .orElseThrow();
                    runner.kill();
                    victim.set(runner);
                }
            });
            GitCli.writeFile(work, "teams/search/llama.yaml", llama(CombinedRolloutsTest.CANARY_IMAGE));
            String canary = GitCli.commitAll(work, "search: llama on the new image");
            CombinedFeaturesTest.push(work);
            EngineClient.await("the replica moving the canary killed mid-step", Duration.ofSeconds(90),
                    () -> victim.get() != null);
            EngineReplica survivor = replicas.stream().filter(r -> r != victim.get()).findFirst().orElseThrow();
            EngineClient client = survivor.client(ADMIN);

            EngineClient.await("the survivor promoted the rollout", Duration.ofSeconds(120), () -> {
                var response = client.get(CombinedRolloutsTest.ROLLOUT);
                return response.statusCode() == 200 && "PROMOTED".equals(CombinedFeaturesTest.JSON.readTree(
                        response.body()).at("/rollout/phase").asString());
            });
            EngineClient.await("the canary removed", Duration.ofSeconds(30), () ->
                    kube.deployment("search--llama--canary") == null);
            assertThat(kube.deployment("search--llama").getSpec().getTemplate().getSpec().getContainers().get(0)
                    .getImage()).isEqualTo("vllm/vllm-openai:" + CombinedRolloutsTest.CANARY_IMAGE);
            long canaryStarts = kube.api.calls().stream().filter(c -> c.apply()
                    && c.path().endsWith("/deployments/search--llama--canary")).count();
            assertThat(canaryStarts).as("one canary, not a second start by the survivor").isEqualTo(1);
            // From the shift the kill interrupted to the promotion, which puts the route back on its Git weights.
            List<Integer> shifts = canaryWeights.subList(canaryWeights.indexOf(20), canaryWeights.lastIndexOf(0));
            assertThat(shifts).as("traffic never reset to stable before the promotion: " + canaryWeights)
                    .isSortedAccordingTo(Integer::compare).startsWith(20).contains(50);
            assertThat(count(db, "commit_id = '" + canary + "' AND name = 'llama' AND action = 'rollout-promoted'"))
                    .isEqualTo(1);
            CombinedRolloutsTest.db = db;
            CombinedRolloutsTest.assertNoDuplicateEvents();
            assertThat(client.getJson("/api/v1/audit/verify").path("valid").asBoolean()).isTrue();
        }
    }

    /** The canary's weight in an HTTPRoute apply body. */
    static int canaryWeight(String body) {
        for (JsonNode ref : CombinedFeaturesTest.JSON.readTree(body).at("/spec/rules/0/backendRefs")) {
            if (ref.path("name").asString().endsWith("--canary")) {
                return ref.path("weight").asInt();
            }
        }
        return 0;
    }

    static String llama(String image) {
        return CombinedRolloutsTest.llama(image).replaceFirst("(?s)      - weight: 40.*", """
                      - weight: 50
                      - pause: 3s
                """);
    }
}
