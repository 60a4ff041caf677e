package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

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

            KubeFleet.writeSpecs(work, DEPLOYMENTS);
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

            List<WatchedApi.Call> requests = kube.api.calls();
            assertThat(KubeFleet.appliesByObject(requests)).as("one apply per object, none re-sent after the takeover")
                    .hasSize(2 * DEPLOYMENTS).allSatisfy((path, times) -> assertThat(times).as(path).isEqualTo(1));
            Map<String, Long> appliesByReplica = KubeFleet.appliesByCaller(requests);
            assertThat(appliesByReplica.get(victim)).as("the kill landed mid-sync: " + appliesByReplica)
                    .isBetween(3L, 2L * DEPLOYMENTS - 1);
            assertThat(appliesByReplica).as("survivors finished it").hasSizeGreaterThan(1);

            KubeFleet.assertEveryObjectIsAsTheSpecsSay(kube, DEPLOYMENTS);

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
            List<WatchedApi.Call> after = kube.api.calls();
            assertThat(after.subList(calls, after.size())).as("reads only")
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
        Map<String, String> settings = new LinkedHashMap<>(KubeFleet.engineSettings(git, root.resolve("git-token"), kube,
                root.resolve(name + ".token")));
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        // Test-only: a tight check-in so that a dead replica is noticed in seconds; unique instance ids.
        settings.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
        settings.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
        settings.put("sextant.api.admin-token", ADMIN_TOKEN);
        // Two writes in flight (the default is 16): the kill after the third resource must land while
        // later objects are still unsent, or there is nothing left for the survivors to take over.
        settings.put("sextant.backends[0].max-concurrency", "2");
        return settings;
    }
}
