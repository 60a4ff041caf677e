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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production shape, soaked: three replicas on one PostgreSQL and one Kubernetes API server, self-heal
 * on, a drift scan every second and a poll every two, while 52 commits scale two deployments up one step
 * at a time and a replica is SIGKILLed (and started again) every 13 commits. Nothing changes live state
 * behind the engine's back, so the API server must see each deployment's replicas only go up, each value
 * at most once, with no drift recorded, and the audit chain must verify.
 */
class ReplicaSoakTest {

    static final int COMMITS = 52;
    static final int KILL_EVERY = 13;
    static final List<String> NAMES = List.of("soak-a", "soak-b", "soak-c");
    static final Path LOGS = Path.of("target", "replica-soak-logs");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    @Test
    void threeReplicasWithFastDriftScansAndKillsNeverTakeARevisionBack() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        Path work = GitCli.initRepo(root.resolve("work"));
        writeSpecs(work, 0);
        GitCli.commitAll(work, "search: m1 and m2");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "soak\n");
        List<EngineReplica> replicas = new ArrayList<>();
        Random random = new Random(42);
        int kills = 0;
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
             KubeApiServer kube = new KubeApiServer(Duration.ofMillis(20));
             AutoCloseable stopReplicas = () -> replicas.forEach(EngineReplica::close)) {
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            GitCli.git(work, "push", "-q", "origin", "main");
            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            Map<String, String> settings = settings(postgres, git, kube);
            for (String name : NAMES) {
                replicas.add(EngineReplica.start(name, root, LOGS, withInstance(settings, name)));
            }
            replicas.forEach(r -> r.awaitUp(Duration.ofSeconds(240)));

            for (int commit = 1; commit <= COMMITS; commit++) {
                writeSpecs(work, commit);
                GitCli.commitAll(work, "search: step " + commit);
                GitCli.git(work, "push", "-q", "origin", "main");
                if (commit % KILL_EVERY == 0) {
                    int victim = random.nextInt(replicas.size());
                    EngineReplica dead = replicas.get(victim);
                    dead.kill();
                    kills++;
                    replicas.set(victim, EngineReplica.startOn(dead.dataDir, dead.name, LOGS,
                            withInstance(settings, dead.name)));
                }
                Thread.sleep(700 + random.nextInt(900)); // pushes faster and slower than the 2 s poll
            }
            replicas.forEach(r -> r.awaitUp(Duration.ofSeconds(240)));
            EngineClient.await("the last commit live", Duration.ofSeconds(120), () -> {
                var deployment = kube.deployment("search--m1");
                return deployment != null && deployment.getSpec().getReplicas() == COMMITS + 1;
            });
            EngineClient.await("m2 at its last value", Duration.ofSeconds(60), () ->
                    kube.deployment("search--m2").getSpec().getReplicas() == m2Replicas(COMMITS));

            List<Integer> m1 = applied(kube, "search--m1");
            List<Integer> m2 = applied(kube, "search--m2");
            System.out.printf("ReplicaSoakTest: %d commits, %d replicas, %d kills; m1 applies %s; m2 applies %s%n",
                    COMMITS, NAMES.size(), kills, m1, m2);
            assertThat(m1).as("m1's replicas as the API server took them").isSorted().doesNotHaveDuplicates()
                    .endsWith(COMMITS + 1);
            assertThat(m2).as("m2's replicas as the API server took them").isSorted().doesNotHaveDuplicates()
                    .endsWith(m2Replicas(COMMITS));
            assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'drift%'", Integer.class))
                    .as("no drift without an out-of-band change").isZero();
            assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE outcome <> 'succeeded'", Integer.class))
                    .isZero();
            assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE name = 'm1'", Integer.class))
                    .as("one event per change of m1 that was applied").isEqualTo(m1.size());
            EngineReplica any = replicas.get(0);
            assertThat(any.client("soak-admin").getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();
        }
    }

    /** m1 has {@code commit + 1} replicas; m2 grows every fourth commit. */
    static void writeSpecs(Path work, int commit) throws Exception {
        GitCli.writeFile(work, "teams/search/m1.yaml", KubeFleet.deployment("m1", commit + 1));
        GitCli.writeFile(work, "teams/search/m2.yaml", KubeFleet.deployment("m2", m2Replicas(commit)));
    }

    static int m2Replicas(int commit) {
        return 1 + commit / 4;
    }

    /** The replicas of every server-side apply of one Deployment, in the order the server took them. */
    static List<Integer> applied(KubeApiServer kube, String object) {
        List<Integer> replicas = new ArrayList<>();
        for (WatchedApi.Call call : kube.api.calls()) {
            if (call.apply() && call.path().endsWith("/deployments/" + object)) {
                replicas.add(JSON.readTree(call.body()).path("spec").path("replicas").asInt());
            }
        }
        return replicas;
    }

    Map<String, String> settings(EmbeddedPostgres postgres, GitHttpServer git, KubeApiServer kube) {
        Map<String, String> settings = new LinkedHashMap<>(KubeFleet.engineSettings(git, root.resolve("git-token"),
                kube, root.resolve("kube-token")));
        settings.put("sextant.sources[0].poll-interval", "2s");
        settings.put("sextant.drift.interval", "1s");
        settings.put("sextant.sync.self-heal", "true");
        settings.put("spring.profiles.active", "postgres");
        settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
        settings.put("spring.datasource.username", "postgres");
        settings.put("spring.datasource.password", "");
        settings.put("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "2000");
        settings.put("sextant.api.admin-token", "soak-admin");
        return settings;
    }

    static Map<String, String> withInstance(Map<String, String> settings, String name) {
        Map<String, String> mine = new LinkedHashMap<>(settings);
        mine.put("spring.quartz.properties.org.quartz.scheduler.instanceId", name);
        return mine;
    }
}
