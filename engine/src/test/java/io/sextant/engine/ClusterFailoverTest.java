package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three engine replicas in the {@code postgres} profile share one PostgreSQL and one Kubernetes API
 * server that answers every write after 400 ms. The replica running a sync of eight ModelDeployments
 * (a Deployment and a Service each, applied concurrently) is SIGKILLed the moment the API server has
 * taken the last object of the third complete one, before the replica hears back: some resources are
 * complete, some half-applied, some untouched. Another replica takes the sync over once the dead one
 * stops checking in to the Quartz cluster, and finishes it: every object exists as the specs say, each
 * was applied exactly once, each resource has exactly one create event, the hash chain is valid and no
 * journal step is left open.
 */
class ClusterFailoverTest {

    static final String ADMIN_TOKEN = "cluster-admin-token";
    static final int DEPLOYMENTS = 8;
    static final List<String> REPLICAS = List.of("replica-a", "replica-b", "replica-c");
    /** Each write takes this long to answer, so a sync of eight deployments (16 objects) takes seconds. */
    static final Duration WRITE_LATENCY = Duration.ofMillis(400);

    /** Kept after the run (unlike the data directories), to read what each replica did. */
    static final Path LOGS = Path.of("target", "cluster-failover-logs");

    @TempDir
    Path root;

    @Test
    void aReplicaKilledMidSyncIsTakenOverWithoutDoubleAppliesOrLostEvents() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve("fleet.git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "README.md", "The fleet; specs live under teams/.\n");
        GitCli.commitAll(work, "An empty fleet");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        for (String replica : REPLICAS) {
            // The API server tells replicas apart by their bearer token.
            Files.writeString(root.resolve(replica + ".token"), replica + "\n");
        }
        List<EngineReplica> replicas = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             GitHttpServer git = GitHttpServer.start(repos, "sextant", "git-token");
             KubeApiServer kube = new KubeApiServer(WRITE_LATENCY);
             // Closed first: the replicas stop before the database and servers they use.
             AutoCloseable stopReplicas = () -> replicas.forEach(EngineReplica::close)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl("fleet"));
            GitCli.git(work, "push", "-q", "origin", "main");
            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            for (String name : REPLICAS) {
                replicas.add(EngineReplica.start(name, root, LOGS, settings(name, postgres, git, kube)));
            }
            replicas.forEach(replica -> replica.awaitUp(Duration.ofSeconds(240)));
            EngineClient.await("three replicas checked in, start-up reconciles done", Duration.ofSeconds(120),
                    () -> count(db, "SELECT COUNT(*) FROM qrtz_scheduler_state") == REPLICAS.size() && idle(db));

            for (int i = 1; i <= DEPLOYMENTS; i++) {
                GitCli.writeFile(work, "teams/search/m" + i + ".yaml", deployment("m" + i, i % 3 + 1));
            }
            GitCli.commitAll(work, "search: eight models");
            GitCli.git(work, "push", "-q", "origin", "main");
            String commit = GitCli.head(work);
            Kill kill = killTheRunnerWhenTheThirdResourceIsComplete(kube, replicas);

            replicas.get(0).client(ADMIN_TOKEN).sync();
            EngineClient.await("the replica running the sync killed mid-sync", Duration.ofSeconds(120),
                    () -> kill.victim.get() != null);
            EngineClient.await("the sync finished by the surviving replicas", Duration.ofSeconds(120),
                    () -> count(db, "SELECT COUNT(*) FROM audit_event WHERE action = 'create'") >= DEPLOYMENTS
                            && count(db, "SELECT COUNT(*) FROM sync_step WHERE done = FALSE") == 0);
            long takeover = Duration.ofNanos(System.nanoTime() - kill.at).toMillis();
            EngineClient.await("the cluster idle", Duration.ofSeconds(60), () -> idle(db));
            String victim = kill.victim.get().name;
            System.out.printf("ClusterFailoverTest: %s killed; the sync was finished %d ms later%n", victim, takeover);

            List<WatchedApi.Call> applies = kube.api.calls().stream().filter(WatchedApi.Call::apply).toList();
            Map<String, Long> appliesByObject = applies.stream()
                    .collect(Collectors.groupingBy(WatchedApi.Call::path, TreeMap::new, Collectors.counting()));
            assertThat(appliesByObject).as("one apply per object, none re-sent after the takeover")
                    .hasSize(2 * DEPLOYMENTS).allSatisfy((path, times) -> assertThat(times).as(path).isEqualTo(1));
            Map<String, Long> appliesByReplica = applies.stream()
                    .collect(Collectors.groupingBy(WatchedApi.Call::caller, TreeMap::new, Collectors.counting()));
            assertThat(appliesByReplica.get(victim)).as("the kill landed mid-sync: " + appliesByReplica)
                    .isBetween(3L, 2L * DEPLOYMENTS - 1);
            assertThat(appliesByReplica).as("survivors finished it").hasSizeGreaterThan(1);

            assertEveryObjectIsAsTheSpecsSay(kube);

            List<Map<String, Object>> events = db.queryForList(
                    "SELECT name, action, outcome, backend, commit_id FROM audit_event ORDER BY id");
            assertThat(events).as("exactly one create event per resource, nothing else").hasSize(DEPLOYMENTS)
                    .allSatisfy(e -> {
                        assertThat(e.get("action")).isEqualTo("create");
                        assertThat(e.get("outcome")).isEqualTo("succeeded");
                        assertThat(e.get("backend")).isEqualTo("prod-k8s");
                        assertThat(e.get("commit_id")).isEqualTo(commit);
                    });
            assertThat(events.stream().map(e -> e.get("name")).distinct()).hasSize(DEPLOYMENTS);
            EngineReplica survivor = replicas.stream().filter(EngineReplica::alive).findFirst().orElseThrow();
            assertThat(survivor.client(ADMIN_TOKEN).getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
            assertThat(count(db, "SELECT COUNT(*) FROM sync_step WHERE done = FALSE")).isZero();

            // Whichever replica runs them, later syncs of the same commit find nothing to do.
            int calls = kube.api.calls().size();
            replicas.stream().filter(EngineReplica::alive).forEach(r -> r.client(ADMIN_TOKEN).sync());
            EngineClient.await("the follow-up syncs run", Duration.ofSeconds(60), () -> idle(db));
            assertThat(kube.api.calls().subList(calls, kube.api.calls().size())).as("reads only")
                    .isNotEmpty().noneMatch(WatchedApi.Call::write);
            assertThat(count(db, "SELECT COUNT(*) FROM audit_event")).isEqualTo(DEPLOYMENTS);
        }
    }

    /** The replica killed, and when. */
    static final class Kill {
        final AtomicReference<EngineReplica> victim = new AtomicReference<>();
        volatile long at;
    }

    /**
     * Arms the API server: when it has taken the last object of the third complete resource, the replica
     * that sent it is SIGKILLed before it gets the answer. With the steps of a wave applied concurrently,
     * other resources are half-applied or untouched at that moment.
     */
    static Kill killTheRunnerWhenTheThirdResourceIsComplete(KubeApiServer kube, List<EngineReplica> replicas) {
        Map<String, EngineReplica> byToken = replicas.stream().collect(Collectors.toMap(r -> r.name, Function.identity()));
        Map<String, Integer> objectsTaken = new TreeMap<>();
        Kill kill = new Kill();
        kube.api.onWrite(call -> {
            synchronized (objectsTaken) { // requests arrive on several event-loop threads
                if (kill.victim.get() != null || !call.apply()) {
                    return;
                }
                // A Deployment and its Service share the object name: two applies make a resource.
                String name = call.path().substring(call.path().lastIndexOf('/') + 1);
                int taken = objectsTaken.merge(name, 1, Integer::sum);
                if (taken == 2 && objectsTaken.values().stream().filter(n -> n == 2).count() == 3) {
                    EngineReplica runner = byToken.get(call.caller());
                    runner.kill();
                    kill.at = System.nanoTime();
                    kill.victim.set(runner);
                }
            }
        });
        return kill;
    }

    static void assertEveryObjectIsAsTheSpecsSay(KubeApiServer kube) {
        for (int i = 1; i <= DEPLOYMENTS; i++) {
            Deployment deployment = kube.deployment("search--m" + i);
            assertThat(deployment).as("Deployment m" + i).isNotNull();
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(i % 3 + 1);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("vllm/vllm-openai:v0.11.0");
            assertThat(container.getResources().getLimits().get("nvidia.com/gpu").toString()).isEqualTo("1");
            assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
                    .containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
            assertThat(kube.service("search--m" + i)).as("Service m" + i).isNotNull();
        }
    }

    static String deployment(String name, int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: %s, namespace: search}
                spec:
                  backend: prod-k8s
                  model: {uri: hf://meta-llama/Llama-3.1-8B-Instruct, revision: 0e9e39f, servedName: %s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0, args: {max-model-len: 8192}}
                  resources:
                    gpu: {type: H100-80GB, count: 1}
                  replicas: %d
                """.formatted(name, name, replicas);
    }

    /** No reconcile running or waiting to run anywhere in the cluster. */
    static boolean idle(JdbcTemplate db) {
        return count(db, "SELECT COUNT(*) FROM qrtz_fired_triggers") == 0
                && count(db, "SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group <> 'sextant'") == 0;
    }

    static int count(JdbcTemplate db, String sql) {
        try {
            Integer count = db.queryForObject(sql, Integer.class);
            return count == null ? 0 : count;
        } catch (RuntimeException tablesNotYetCreated) {
            return -1;
        }
    }

    Map<String, String> settings(String name, EmbeddedPostgres postgres, GitHttpServer git, KubeApiServer kube) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        // Test-only: a tight check-in so that a dead replica is noticed in seconds; unique instance ids.
        settings.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
        settings.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
        settings.put("sextant.api.admin-token", ADMIN_TOKEN);
        settings.put("sextant.drift.interval", "1h");
        settings.put("sextant.sources[0].name", "fleet");
        settings.put("sextant.sources[0].url", git.url("fleet"));
        settings.put("sextant.sources[0].paths[0]", "teams/");
        settings.put("sextant.sources[0].poll-interval", "1h");
        settings.put("sextant.sources[0].auth.username", "sextant");
        settings.put("sextant.sources[0].auth.token-file", root.resolve("git-token").toString());
        settings.put("sextant.backends[0].name", "prod-k8s");
        settings.put("sextant.backends[0].type", "kubernetes");
        settings.put("sextant.backends[0].url", kube.url());
        settings.put("sextant.backends[0].token-file", root.resolve(name + ".token").toString());
        settings.put("sextant.backends[0].namespace", KubeApiServer.NAMESPACE);
        settings.put("sextant.backends[0].gpu-products[H100-80GB]", "NVIDIA-H100-80GB-HBM3");
        return settings;
    }
}
