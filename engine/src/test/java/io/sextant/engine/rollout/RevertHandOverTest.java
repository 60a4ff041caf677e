package io.sextant.engine.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.engine.EngineClient;
import io.sextant.engine.MutableClock;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.rollback.Rollbacks;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The revert of an aborted rollout ({@code on-abort: push}) handed over between two replicas on one PostgreSQL
 * through the database alone: the replica that aborted could not reach its Git server, and a second replica,
 * started after the abort and never told of it in memory, pushes the revert once its backoff is over. Both show
 * it pushed; the first, ticking on, pushes nothing more.
 */
class RevertHandOverTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
    private static final String FILE = "teams/search/llama.yaml";
    private static final String ROLLOUT = "/api/v1/rollouts/ModelDeployment/search/llama";

    @TempDir
    static Path root;
    static EmbeddedPostgres postgres;
    static GitHttpServer server;
    static Path repos;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void start() throws Exception {
        repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {b, a, server, postgres}) {
            if (part != null) {
                part.close();
            }
        }
    }

    private static ConfigurableApplicationContext replica(String name) throws Exception {
        return new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + Files.createDirectories(root.resolve(name)),
                        "sextant.api.admin-token=admin", "sextant.analysis.tick=0s", "sextant.analysis.threads=0",
                        "sextant.rollout.tick=0s", "sextant.sources[0].name=fleet",
                        "sextant.sources[0].url=" + server.url("fleet"), "sextant.sources[0].paths[0]=teams/",
                        "sextant.sources[0].poll-interval=1h", "sextant.sources[0].auth.username=sextant",
                        "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                        "sextant.sources[0].rollback.on-abort=push",
                        "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                        "sextant.backends[0].gpus[H100-80GB]=8",
                        "spring.profiles.active=postgres",
                        "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username=postgres", "spring.datasource.password=",
                        "spring.quartz.properties.org.quartz.scheduler.instanceId=" + name)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", CLOCK))
                .run();
    }

    private static EngineClient client(ConfigurableApplicationContext replica) {
        return new EngineClient(Integer.parseInt(replica.getEnvironment().getProperty("local.server.port")),
                "admin").readingWith("admin");
    }

    private static void sync(ConfigurableApplicationContext replica) {
        MeterRegistry meters = replica.getBean(MeterRegistry.class);
        long before = meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum();
        client(replica).sync();
        EngineClient.await("the sync to finish", Duration.ofSeconds(30),
                () -> meters.find("sextant.reconcile").timers().stream().mapToLong(Timer::count).sum() > before);
    }

    private static String remoteHead() {
        return GitCli.git(root, "ls-remote", server.authenticatedUrl("fleet"), "refs/heads/main").split("\\s")[0];
    }

    @Test
    void aRevertTheAbortingReplicaCouldNotPushIsPushedOnceByTheOtherAfterItsBackoff() throws Exception {
        Path work = GitCli.initRepo(root.resolve("work"));
        GitCli.writeFile(work, FILE, CanaryRolloutTest.deployment("v1"));
        GitCli.commitAll(work, "llama v1");
        GitCli.git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        GitCli.git(work, "push", "-q", "origin", "main");
        a = replica("a");
        sync(a);
        GitCli.writeFile(work, FILE, CanaryRolloutTest.deployment("v2"));
        String aborted = GitCli.commitAll(work, "llama v2");
        GitCli.git(work, "push", "-q", "origin", "main");
        sync(a);
        assertThat(client(a).getJson(ROLLOUT).at("/rollout/phase").asString()).isEqualTo("RUNNING");

        // The Git server loses the repository while A aborts: A's attempt fails and is left for a retry.
        Files.move(repos.resolve("fleet.git"), repos.resolve("fleet.git.away"));
        HttpResponse<String> abort = client(a).post(ROLLOUT + "/abort", "admin");
        assertThat(abort.statusCode()).as(abort.body()).isEqualTo(200);
        Files.move(repos.resolve("fleet.git.away"), repos.resolve("fleet.git"));
        JsonNode retrying = client(a).getJson(ROLLOUT).at("/rollout/rollback");
        assertThat(retrying.at("/state").asString()).as(retrying.toString()).isEqualTo("retrying");
        assertThat(retrying.at("/attempts").asInt()).isEqualTo(1);
        Instant next = Instant.parse(retrying.at("/nextAttemptAt").asString());

        // B starts after the abort: it learns of the revert from the database only, and shows A's retry.
        b = replica("b");
        assertThat(client(b).getJson(ROLLOUT).at("/rollout/rollback/state").asString()).isEqualTo("retrying");
        RolloutController bTicks = b.getBean(RolloutController.class);
        bTicks.advance();
        assertThat(remoteHead()).as("not before its backoff").isEqualTo(aborted);

        CLOCK.advance(Duration.between(CLOCK.instant(), next).plusSeconds(1));
        bTicks.advance();

        String revert = remoteHead();
        assertThat(revert).as("B pushed the revert").isNotEqualTo(aborted);
        GitCli.git(work, "pull", "-q", "--ff-only", "origin", "main");
        assertThat(GitCli.git(work, "rev-parse", "HEAD^").strip()).isEqualTo(aborted);
        assertThat(Files.readString(work.resolve(FILE))).isEqualTo(CanaryRolloutTest.deployment("v1"));
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            assertThat(client(replica).getJson(ROLLOUT).at("/rollout/rollback/state").asString()).isEqualTo("pushed");
        }

        // A ticks on, its own retry long due: nothing more is pushed, by either.
        CLOCK.advance(Duration.ofMinutes(30));
        a.getBean(RolloutController.class).advance();
        a.getBean(Rollbacks.class).retryDue();
        bTicks.advance();
        assertThat(remoteHead()).as("one revert, not one per replica").isEqualTo(revert);
        assertThat(new JdbcTemplate(postgres.getPostgresDatabase()).queryForList(
                "SELECT outcome FROM audit_event WHERE action = 'rollback-requested' ORDER BY id", String.class))
                .as("the failed first attempt, then the push").containsExactly("failed", "succeeded");
    }
}
