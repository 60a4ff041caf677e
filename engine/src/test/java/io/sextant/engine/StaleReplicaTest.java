package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.CommitGate;
import io.sextant.engine.reconcile.GateVerdict;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two replicas on one PostgreSQL and one Kubernetes API server, self-heal on, with the interleavings that
 * rolled live state back forced in order (the replicas' own polls and drift scans are hourly; the test
 * runs each reconcile itself, as Quartz would on one replica or the other):
 * <ol>
 *   <li>a replica whose copy of the specs is commits old runs a drift scan after the other applied a
 *   newer commit: it must load forward and find nothing to heal;</li>
 *   <li>a run reads the source's position and plans, another run applies a newer commit meanwhile: the
 *   first must journal and apply nothing (the compare-and-set on the position).</li>
 * </ol>
 * The API server must see the deployment's replicas only go up, each value once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StaleReplicaTest {

    static final String DEPLOYMENT = "/apis/apps/v1/namespaces/inference/deployments/search--m1";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path root;

    static EmbeddedPostgres postgres;
    static GitHttpServer git;
    static KubeApiServer kube;
    static Path work;
    static JdbcTemplate db;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    /** What replica A's gate does while A's run sits between planning and journaling; nothing by default. */
    static final AtomicReference<Runnable> duringGateOfA = new AtomicReference<>(() -> { });

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        work = GitCli.initRepo(root.resolve("work"));
        commitReplicas(2);
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "replica\n");
        postgres = EmbeddedPostgres.start();
        git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
        kube = new KubeApiServer(Duration.ZERO);
        GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
        GitCli.git(work, "push", "-q", "origin", "main");
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        a = start("a", (source, commit) -> {
            duringGateOfA.get().run();
            return GateVerdict.allow();
        });
        b = start("b", null);
        EngineClient.await("the start-up reconcile applied 2 replicas", Duration.ofSeconds(90),
                () -> appliedReplicas().equals(List.of(2)) && idle());
        // Both replicas hold the first commit in memory.
        reconciler(a).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
        reconciler(b).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, kube, git, postgres}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void aReplicaBehindLoadsForwardBeforeItsDriftScanInsteadOfRollingBack() throws Exception {
        for (int replicas = 3; replicas <= 5; replicas++) {
            ConfigurableApplicationContext applier = replicas % 2 == 1 ? a : b;
            ConfigurableApplicationContext behind = applier == a ? b : a;
            commitReplicas(replicas);
            reconciler(applier).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
            // The other replica last saw replicas - 1 (or older): its drift scan must see no drift.
            reconciler(behind).runNow(KubeFleet.SOURCE, Trigger.DRIFT, KubeFleet.BACKEND);
        }
        assertThat(appliedReplicas()).as("replicas the API server was asked for, in order").containsExactly(2, 3, 4, 5);
        assertThat(kube.deployment("search--m1").getSpec().getReplicas()).isEqualTo(5);
        assertThat(db.queryForList("SELECT action FROM audit_event ORDER BY id", String.class))
                .as("one update per commit, no drift").containsExactly("create", "update", "update", "update");
    }

    @Test
    @Order(2)
    void aRunOvertakenBetweenPlanAndJournalAppliesNothing() throws Exception {
        commitReplicas(6);
        // A plans 5 -> 6; while it sits at the gate, 7 is pushed and B applies it.
        duringGateOfA.set(() -> {
            duringGateOfA.set(() -> { });
            try {
                commitReplicas(7);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            reconciler(b).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
        });
        reconciler(a).runNow(KubeFleet.SOURCE, Trigger.POLL, null);

        assertThat(appliedReplicas()).as("6 planned from an overtaken position is never applied after 7")
                .containsExactly(2, 3, 4, 5, 7);
        assertThat(kube.deployment("search--m1").getSpec().getReplicas()).isEqualTo(7);
        // The next run of A starts from the newest position and finds nothing to do.
        reconciler(a).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
        reconciler(a).runNow(KubeFleet.SOURCE, Trigger.DRIFT, KubeFleet.BACKEND);
        assertThat(appliedReplicas()).containsExactly(2, 3, 4, 5, 7);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'drift%'", Integer.class))
                .isZero();
        assertThat(new EngineClient(port(a), "admin").getJson("/api/v1/audit/verify").get("valid").asBoolean())
                .isTrue();
    }

    static void commitReplicas(int replicas) throws Exception {
        GitCli.writeFile(work, "teams/search/m1.yaml", KubeFleet.deployment("m1", replicas));
        GitCli.commitAll(work, "search: m1 to " + replicas + " replicas");
        if (git != null) {
            GitCli.git(work, "push", "-q", "origin", "main");
        }
    }

    /** The replicas of every server-side apply of m1's Deployment, in the order the server took them. */
    static List<Integer> appliedReplicas() {
        List<Integer> replicas = new ArrayList<>();
        for (WatchedApi.Call call : kube.api.calls()) {
            if (call.apply() && call.path().equals(DEPLOYMENT)) {
                replicas.add(JSON.readTree(call.body()).path("spec").path("replicas").asInt());
            }
        }
        return replicas;
    }

    static boolean idle() {
        return ClusterFailoverTest.count(db, "SELECT COUNT(*) FROM qrtz_fired_triggers") == 0
                && ClusterFailoverTest.count(db,
                "SELECT COUNT(*) FROM qrtz_triggers WHERE trigger_group <> 'sextant'") == 0;
    }

    static Reconciler reconciler(ConfigurableApplicationContext replica) {
        return replica.getBean(Reconciler.class);
    }

    static int port(ConfigurableApplicationContext replica) {
        return Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
    }

    static ConfigurableApplicationContext start(String name, CommitGate gate) throws Exception {
        Map<String, String> settings = KubeFleet.engineSettings(git, root.resolve("git-token"), kube,
                root.resolve("kube-token"));
        List<String> properties = new ArrayList<>(List.of("server.port=0",
                "sextant.data-dir=" + Files.createDirectories(root.resolve(name)),
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=",
                "spring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "sextant.sync.self-heal=true", "sextant.api.admin-token=admin"));
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(SextantApplication.class).profiles("postgres")
                .properties(properties.toArray(String[]::new));
        if (gate != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("interleaving", gate));
        }
        return builder.run();
    }
}
