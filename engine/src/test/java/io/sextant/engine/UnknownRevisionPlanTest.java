package io.sextant.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code GET /api/v1/plan?revision=} of a revision the engine does not hold asks the remote once per
 * minute for it, and a source's fetches for plans are rate limited (429 with Retry-After).
 */
class UnknownRevisionPlanTest {

    @TempDir
    Path root;

    @Test
    void repeatedPlansOfAnUnknownRevisionFetchOnceAndTooManyAreRefused() throws Exception {
        Path work = GitCli.initRepo(root.resolve("fleet"));
        GitOpsLoopTest.copySample(work);
        GitCli.commitAll(work, "Import the fleet");
        try (ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class)
                .properties("server.port=0", "sextant.data-dir=" + root.resolve("data"),
                        "sextant.api.admin-token=admin", "sextant.sources[0].name=fleet",
                        "sextant.sources[0].url=" + work, "sextant.sources[0].paths[0]=teams",
                        "sextant.sources[0].poll-interval=1h")
                .run()) {
            EngineClient client = new EngineClient(
                    Integer.parseInt(engine.getEnvironment().getProperty("local.server.port")), "admin");
            EngineClient.await("initial sync", Duration.ofSeconds(60), () ->
                    client.getJson("/api/v1/sources").get("items").get(0).get("lastSyncedRevision").isString());
            assertThat(engine.getBean(Reconciler.class).awaitIdle(30_000)).isTrue();
            MeterRegistry meters = engine.getBean(MeterRegistry.class);
            long before = PollingTest.gitOperations(meters, "fetch");

            HttpResponse<String> first = client.get("/api/v1/plan?revision=" + "b".repeat(40));
            HttpResponse<String> again = client.get("/api/v1/plan?revision=" + "b".repeat(40));

            assertThat(first.statusCode()).as(first.body()).isIn(404, 502);
            assertThat(again.statusCode()).isEqualTo(first.statusCode());
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(PollingTest.gitOperations(meters, "fetch") - before).as("fetches for two plans").isEqualTo(1);

            for (char c : "cdef".toCharArray()) {
                assertThat(client.get("/api/v1/plan?revision=" + String.valueOf(c).repeat(40)).statusCode())
                        .isEqualTo(first.statusCode());
            }
            HttpResponse<String> limited = client.get("/api/v1/plan?revision=" + "1".repeat(40));

            assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 10));
            assertThat(limited.body()).contains("too many plans of revisions");
            assertThat(PollingTest.gitOperations(meters, "fetch") - before).as("the burst of 5").isEqualTo(5);
            assertThat(client.get("/api/v1/plan").statusCode()).as("HEAD is held: no fetch, no limit").isEqualTo(200);
        }
    }
}
