package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The {@code postgres} profile on a real PostgreSQL: Flyway creates the engine's and Quartz's tables,
 * reconciles run as jobs of Quartz's clustered JDBC job store, and the audit chain holds.
 */
class ClusteredPostgresTest {

    @TempDir
    Path dataDir;

    @Test
    void reconcilesRunAsClusteredQuartzJobsOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
             ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                     .profiles("postgres")
                     .properties("server.port=0", "sextant.data-dir=" + dataDir,
                             "spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                             "spring.datasource.username=postgres", "spring.datasource.password=")
                     .run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")),
                    Files.readString(dataDir.resolve("admin-token")).trim());
            EngineClient.await("every sample resource Synced", Duration.ofSeconds(90), () -> {
                JsonNode items = client.getJson("/api/v1/resources").get("items");
                int synced = 0;
                for (JsonNode item : items) {
                    synced += item.get("sync").asString().equals("Synced") ? 1 : 0;
                }
                return synced == 7;
            });

            JdbcTemplate db = new JdbcTemplate(postgres.getPostgresDatabase());
            assertThat(db.queryForObject("SELECT COUNT(*) FROM qrtz_job_details WHERE job_name = 'reconcile-sample'",
                    Integer.class)).as("the source's shared reconcile job").isEqualTo(1);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM qrtz_scheduler_state", Integer.class))
                    .as("this replica checked in to the cluster").isEqualTo(1);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event WHERE action = 'create'", Integer.class))
                    .isEqualTo(7);
            assertThat(db.queryForObject("SELECT COUNT(*) FROM sync_step WHERE done = FALSE", Integer.class))
                    .as("every journaled step closed").isZero();
            assertThat(client.getJson("/api/v1/audit/verify").get("valid").asBoolean()).isTrue();

            MeterRegistry meters = engine.getBean(MeterRegistry.class);
            long manual = Reconciles.finished(meters, "manual");
            client.sync();
            Reconciles.awaitMore(meters, "manual", manual, 1, Duration.ofSeconds(30)); // the sync ran to its end
            assertThat(db.queryForObject("SELECT COUNT(*) FROM audit_event", Integer.class))
                    .as("a manual sync of unchanged state records nothing").isEqualTo(7);
        }
    }
}
