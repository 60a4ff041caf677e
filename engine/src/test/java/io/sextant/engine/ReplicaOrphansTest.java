package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.sextant.engine.orphans.OrphanScan;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

/**
 * Orphans with two replicas on one PostgreSQL (cluster mode) and one Kubernetes API server: a replica that did
 * not run the sync that created a resource does not take its objects for orphans (it judges by the stored
 * statuses, not its own memory), and two replicas pruning the same orphan at the same moment delete it once,
 * with one audit event. The orphans and their first sightings are stored: every replica lists the same, and a
 * restart neither forgets them nor restarts the count of sightings.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaOrphansTest {

    @TempDir
    static Path root;

    static EmbeddedPostgres postgres;
    static GitHttpServer git;
    static KubeApiServer kube;
    static Path work;
    static JdbcTemplate db;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        Path repos = Files.createDirectories(root.resolve("git"));
        GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
        work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, "teams/search/m1.yaml", KubeFleet.deployment("m1", 1));
        GitCli.commitAll(work, "search: m1");
        Files.writeString(root.resolve("git-token"), "git-token\n");
        Files.writeString(root.resolve("kube-token"), "replica\n");
        postgres = EmbeddedPostgres.start();
        git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
        kube = new KubeApiServer(Duration.ZERO);
        GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
        GitCli.git(work, "push", "-q", "origin", "main");
        db = new JdbcTemplate(postgres.getPostgresDatabase());
        a = start("a");
        b = start("b");
        EngineClient.await("the start-up reconcile created m1", Duration.ofSeconds(90),
                () -> kube.deployment("search--m1") != null
                        && ClusterFailoverTest.count(db, "SELECT COUNT(*) FROM qrtz_fired_triggers") == 0
                        && db.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class) == 1);
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
    void aReplicaThatDidNotRunTheSyncTakesNoObjectOfGitForAnOrphan() throws Exception {
        GitCli.writeFile(work, "teams/search/m2.yaml", KubeFleet.deployment("m2", 1));
        GitCli.commitAll(work, "search: m2");
        GitCli.git(work, "push", "-q", "origin", "main");
        a.getBean(Reconciler.class).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
        assertThat(kube.deployment("search--m2")).isNotNull();

        scan(b).scanNow();
        scan(b).scanNow();

        assertThat(scan(b).orphans()).isEmpty();
        assertThat(kube.deployment("search--m2")).as("pruning is on: a wrong verdict would have deleted it").isNotNull();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'delete'", Integer.class)).isZero();
    }

    @Test
    @Order(2)
    void twoReplicasPruningTheSameOrphanAtOnceDeleteItOnceWithOneEvent() throws Exception {
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "sextant", "sextant.io/kind", "ModelDeployment",
                "sextant.io/namespace", "search", "sextant.io/name", "stray");
        kube.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("search--stray").withNamespace(KubeApiServer.NAMESPACE).withLabels(labels)
                .addToAnnotations("sextant.io/source", KubeFleet.SOURCE).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("vllm").withImage("vllm/vllm-openai:v0.11.0").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
        scan(a).scanNow();
        assertThat(scan(a).orphans()).extracting(o -> o.name()).containsExactly("search--stray");
        assertThat(scan(b).orphans()).as("b has not scanned: it answers from the stored list")
                .isEqualTo(scan(a).orphans());

        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> both = new ArrayList<>();
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            both.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                scan(replica).scanNow();
            }));
        }
        go.countDown();
        CompletableFuture.allOf(both.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // A replica that found the lock taken looks again at its next scan, and finds the object gone.
        scan(a).scanNow();
        scan(b).scanNow();

        assertThat(kube.deployment("search--stray")).isNull();
        assertThat(db.queryForList("SELECT name FROM audit_event WHERE action = 'delete'", String.class))
                .containsExactly("stray");
        assertThat(scan(a).orphans()).isEmpty();
        assertThat(scan(b).orphans()).isEmpty();
    }

    @Test
    @Order(3)
    void aRestartedReplicaListsTheSameOrphanSinceTheSameMomentAndPrunesItAtItsSecondSighting() throws Exception {
        stray("stray2");
        scan(a).scanNow();
        var before = scan(a).orphans();
        assertThat(before).extracting(o -> o.name()).containsExactly("search--stray2");

        b.close();
        b = start("b");

        assertThat(scan(b).orphans()).as("listed after the restart, before any scan, with its first sighting")
                .isEqualTo(before);
        // The restarted replica's start-up sync holds the source's lock; a scan meanwhile would not prune.
        EngineClient.await("the start-up reconcile after the restart finished", Duration.ofSeconds(90),
                () -> ClusterFailoverTest.count(db, "SELECT COUNT(*) FROM qrtz_fired_triggers") == 0);
        assertThat(b.getBean(Reconciler.class).awaitIdle(60_000)).isTrue();
        assertThat(a.getBean(Reconciler.class).awaitIdle(60_000)).isTrue();
        scan(b).scanNow();
        assertThat(kube.deployment("search--stray2")).as("the sighting before the restart counts as the first").isNull();
        assertThat(db.queryForList("SELECT name FROM audit_event WHERE action = 'delete' ORDER BY id", String.class))
                .containsExactly("stray", "stray2");
        assertThat(scan(a).orphans()).isEmpty();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM orphan", Integer.class)).isZero();
    }

    @Test
    @Order(4)
    void anOrphanThatComesBackToGitIsNoLongerListedOnAnyReplica() throws Exception {
        stray("m3");
        scan(a).scanNow();
        assertThat(scan(b).orphans()).extracting(o -> o.name()).containsExactly("search--m3");

        GitCli.writeFile(work, "teams/search/m3.yaml", KubeFleet.deployment("m3", 1));
        GitCli.commitAll(work, "search: m3");
        GitCli.git(work, "push", "-q", "origin", "main");
        b.getBean(Reconciler.class).runNow(KubeFleet.SOURCE, Trigger.POLL, null);
        scan(a).scanNow();

        assertThat(scan(a).orphans()).isEmpty();
        assertThat(scan(b).orphans()).isEmpty();
        assertThat(kube.deployment("search--m3")).isNotNull();
    }

    static void stray(String name) {
        Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "sextant", "sextant.io/kind", "ModelDeployment",
                "sextant.io/namespace", "search", "sextant.io/name", name);
        kube.kubectl.apps().deployments().inNamespace(KubeApiServer.NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName("search--" + name).withNamespace(KubeApiServer.NAMESPACE).withLabels(labels)
                .addToAnnotations("sextant.io/source", KubeFleet.SOURCE).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("vllm").withImage("vllm/vllm-openai:v0.11.0").endContainer().endSpec().endTemplate()
                .endSpec().build()).create();
    }

    static OrphanScan scan(ConfigurableApplicationContext replica) {
        return replica.getBean(OrphanScan.class);
    }

    static ConfigurableApplicationContext start(String name) throws Exception {
        Map<String, String> settings = KubeFleet.engineSettings(git, root.resolve("git-token"), kube,
                root.resolve("kube-token"));
        List<String> properties = new ArrayList<>(List.of("server.port=0",
                "sextant.data-dir=" + Files.createDirectories(root.resolve(name)),
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=",
                "spring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "sextant.orphans.interval=1h", "sextant.api.admin-token=admin"));
        settings.forEach((key, value) -> properties.add(key + "=" + value));
        return new SpringApplicationBuilder(SextantApplication.class).profiles("postgres")
                .properties(properties.toArray(String[]::new)).run();
    }
}
