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
 * Two replicas on one PostgreSQL answer {@code GET /api/v1/sources} the same, whichever of them ran the
 * source's last reconcile: the spec errors and why the commit is not applied are those of the commit the
 * cluster last worked on, never an error the other replica's run has fixed since. The replicas' own polls
 * are hourly; the test runs each reconcile on the replica it chooses, as Quartz would on one or the other.
 */
class SharedSourceStatusTest {

    static final String SOURCE = "fleet";

    @TempDir
    static Path root;

    static EmbeddedPostgres postgres;
    static Path work;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoReplicas() throws Exception {
        work = GitCli.initRepo(root.resolve("work"));
        GitCli.commitFile(work, "teams/search/m1.yaml", deployment(""), "search: m1");
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
    void aReplicaShowsTheErrorsOfTheOthersRunAndNoneOnceItsRunFixedThem() throws Exception {
        String good = head();
        String broken = GitCli.commitFile(work, "teams/search/m1.yaml", deployment(", revison: abc"), "search: m1 typo");

        run(a);

        JsonNode seenByB = source(b);
        assertThat(seenByB.path("lastSeenRevision").asString()).isEqualTo(broken);
        assertThat(seenByB.path("errors")).singleElement().satisfies(error -> {
            assertThat(error.path("path").asString()).isEqualTo("teams/search/m1.yaml");
            assertThat(error.path("line").asInt()).isEqualTo(6);
            assertThat(error.path("message").asString()).contains("did you mean 'revision'");
        });
        assertThat(seenByB.path("notAppliedReason").asString()).contains("1 spec error");
        assertThat(seenByB.path("lastSyncedRevision").asString()).isEqualTo(good);
        assertSameOnBoth();

        run(b); // now B holds the broken commit and its error itself
        String fixed = GitCli.commitFile(work, "teams/search/m1.yaml", deployment(", revision: abc"), "search: m1 fixed");
        run(a);

        seenByB = source(b);
        assertThat(seenByB.path("errors")).as("errors shown by B after A's run fixed them").isEmpty();
        assertThat(seenByB.path("notAppliedReason").isNull()).as("notAppliedReason: %s", seenByB).isTrue();
        assertThat(seenByB.path("lastSeenRevision").asString()).isEqualTo(fixed);
        assertThat(seenByB.path("lastSyncedRevision").asString()).isEqualTo(fixed);
        // B's clone has not fetched the fix: it names the commit, without the author and message it lacks.
        assertThat(seenByB.path("lastSyncedCommit").path("shortId").asString()).isEqualTo(fixed.substring(0, 7));
        assertSameOnBoth();
    }

    static void assertSameOnBoth() {
        JsonNode onA = source(a);
        JsonNode onB = source(b);
        for (String field : new String[] {"lastFetchedRevision", "lastSyncedRevision", "lastSeenRevision",
                "notAppliedReason", "errors"}) {
            assertThat(onB.path(field)).as(field).isEqualTo(onA.path(field));
        }
    }

    static void run(ConfigurableApplicationContext replica) {
        replica.getBean(Reconciler.class).runNow(SOURCE, Trigger.POLL, null);
    }

    static JsonNode source(ConfigurableApplicationContext replica) {
        int port = Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
        return new EngineClient(port, "admin").getJson("/api/v1/sources").path("items").path(0);
    }

    static String head() {
        return GitCli.git(work, "rev-parse", "HEAD").strip();
    }

    /** m1, with {@code model} extended by {@code more} (a misspelt field, say) on line 6. */
    static String deployment(String more) {
        return """
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: m1, namespace: search}
                spec:
                  backend: sim-local
                  model: {uri: hf://acme/m1%s}
                  runtime: {engine: vllm, image: vllm/vllm-openai:v0.11.0}
                  resources:
                    gpu: {type: L4-24GB, count: 1}
                  replicas: 1
                """.formatted(more);
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
