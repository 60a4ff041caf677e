package io.sextant.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.analysis.AnalysisRun;
import io.sextant.analysis.Measure;
import io.sextant.analysis.Measurement;
import io.sextant.analysis.MetricSpec;
import io.sextant.analysis.Phase;
import io.sextant.analysis.Reading;
import io.sextant.analysis.Target;
import io.sextant.analysis.Verdict;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The analysis tables' migration and store on a real PostgreSQL, the database of the clustered mode. */
class PostgresMeasurementStoreTest {

    @Test
    void keepsRunsAndMeasurementsWithMissingValuesOnPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
            MeasurementStore store = new MeasurementStore(JdbcClient.create(postgres.getPostgresDatabase()));
            Instant t0 = Instant.parse("2026-12-03T08:00:00Z");
            AnalysisRun run = new AnalysisRun("r1", List.of(MetricSpec.of("errors", new Measure.Query("q"),
                    "error rate <= stable + 0.5%", Duration.ofSeconds(30), 1)),
                    new Target("search", "llama", "sim-local", "v2", null),
                    (measure, target, version, interval) -> now -> new Reading.Value(0.01), t0);

            store.started(run);
            run.step(t0.plusSeconds(30));
            for (Measurement m : run.measurements()) {
                store.measured(run, m);
            }
            store.finished(run, t0.plusSeconds(30));

            assertThat(run.phase()).isEqualTo(Phase.INCONCLUSIVE); // relative, and there is no stable version
            assertThat(store.runs("search", "llama", 10)).singleElement().satisfies(row -> {
                assertThat(row.phase()).isEqualTo(Phase.INCONCLUSIVE);
                assertThat(row.stable()).isNull();
                assertThat(row.startedAt()).isEqualTo(t0);
                assertThat(row.finishedAt()).isEqualTo(t0.plusSeconds(30));
            });
            assertThat(store.measurements("r1")).containsExactly(new Measurement("errors", 1, t0.plusSeconds(30),
                    0.01, null, "error rate <= stable + 0.5%", Verdict.INCONCLUSIVE,
                    "no data for the stable version: no stable version"));
            assertThat(store.run("nope")).isEmpty();
        }
    }
}
