package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.Trigger;
import io.sextant.git.testing.GitCli;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A suspension made through one replica holds on the other: two replicas on one PostgreSQL, a resource
 * suspended through A, a commit reconciled by B is not applied; resumed through B, it is. The replicas' own
 * polls are hourly; the test runs each reconcile on the replica it chooses, as Quartz would.
 */
class SuspendAcrossReplicasTest {

    static final String SOURCE = "fleet";
    static final String M1 = "/api/v1/resources/ModelDeployment/search/m1";

    @TempDir
    static Path root;

    static EmbeddedPostgres postgres;
    static Path work;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        work = GitCli.initRepo(root.resolve("work"));
        GitCli.commitFile(work, "teams/search/m1.yaml", deployment(1), "search: m1");
        postgres = EmbeddedPostgres.start();
        JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
        a = start("a");
        b = start("b");
        EngineClient.await("the start-up reconcile finished", Duration.ofSeconds(120),
                () -> ClusterFailoverTest.idle(db) && head().equals(source(a).path("lastSyncedRevision").asString()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {b, a, postgres}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aSuspendThroughOneReplicaHoldsOnTheOtherAndAResumeThroughItApplies() {
        String before = head();
        assertThat(client(a).post(M1 + "/suspend?reason=INC-9", "admin").statusCode()).isEqualTo(200);
        assertThat(client(b).getJson(M1).path("suspendedBy").asString()).as("B reads the same suspension")
                .isEqualTo("admin-token");

        String scaled = GitCli.commitFile(work, "teams/search/m1.yaml", deployment(2), "search: m1 to 2 replicas");
        run(b);

        JsonNode held = client(b).getJson(M1);
        assertThat(held.path("appliedRevision").asString()).isEqualTo(before);
        assertThat(held.path("desiredRevision").asString()).isEqualTo(scaled);
        assertThat(held.path("message").asString()).contains("suspended by admin-token").contains("INC-9");
        assertThat(source(a).path("lastSyncedRevision").asString()).isEqualTo(before);

        assertThat(client(b).post(M1 + "/resume", "admin").statusCode()).isEqualTo(200);
        // Resume asks the cluster for a reconcile of the source at once; either replica may run it.
        EngineClient.await("the held commit applied", Duration.ofSeconds(60),
                () -> scaled.equals(source(b).path("lastSyncedRevision").asString()));

        assertThat(source(a).path("lastSyncedRevision").asString()).isEqualTo(scaled);
        assertThat(client(a).getJson(M1).path("suspended").asBoolean()).as("A reads the resume").isFalse();
    }

    static void run(ConfigurableApplicationContext replica) {
        replica.getBean(Reconciler.class).runNow(SOURCE, Trigger.POLL, null);
    }

    static EngineClient client(ConfigurableApplicationContext replica) {
        return new EngineClient(Integer.parseInt(replica.getEnvironment().getProperty("local.server.port")), "admin");
    }

    static JsonNode source(ConfigurableApplicationContext replica) {
        return client(replica).getJson("/api/v1/sources").path("items").path(0);
    }

    static String head() {
        return GitCli.git(work, "rev-parse", "HEAD").strip();
    }

    static String deployment(int replicas) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m1, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/m1}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0}
                  resources:
                    gpu: {type: L4-24GB, count: 1}
                  replicas: %d
                """.formatted(replicas);
    }

    static ConfigurableApplicationContext start(String name) throws Exception {
        return new SpringApplicationBuilder(SextantApplication.class).profiles("postgres").properties(
                "server.port=0", "sextant.data-dir=" + Files.createDirectories(root.resolve(name)),
                "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username=postgres", "spring.datasource.password=",
                "spring.quartz.properties.org.quartz.scheduler.instanceId=" + name,
                "sextant.api.admin-token=admin", "sextant.drift.interval=1h",
                "sextant.sources[0].name=" + SOURCE, "sextant.sources[0].url=" + work,
                "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h").run();
    }
}
