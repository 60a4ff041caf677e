package io.sextant.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bench's first sync onto a {@code kubernetes} backend: the real engine and applier write a
 * generated fleet over HTTP to the stand-in API server, every spec lands as a Deployment and a Service,
 * each written once, and the bench reports the run and its requests.
 */
class KubeFirstSyncTest {

    private static final int SPECS = 20;

    @TempDir
    Path dir;

    @Test
    void firstSyncLandsEverySpecOnTheApiServerAndReportsTheRunAndItsRequests() throws Exception {
        FleetRepo repo = FleetRepo.create(dir.resolve("repos").resolve("fleet.git"), SPECS);
        Path secret = Files.writeString(dir.resolve("webhook-secret"), BenchOptions.WEBHOOK_SECRET);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(OutputStream.nullOutputStream()));

        try (KubeStandIn kube = KubeStandIn.start(Duration.ofMillis(KubeFirstSync.LATENCY_MS))) {
            new KubeFirstSync(repo, repo.dir().toString(), dir.resolve("data"), secret, report).run(kube);

            List<ObjectNode> deployments = kube.objects().all(KubeWire.DEPLOYMENT);
            assertThat(deployments).hasSize(SPECS);
            assertThat(kube.objects().all(KubeWire.SERVICE)).hasSize(SPECS);
            ObjectNode model3 = deployments.stream()
                    .filter(d -> d.path("metadata").path("name").asString().equals("team-03--model-00003")).findFirst()
                    .orElseThrow();
            assertThat(model3.path("metadata").path("namespace").asString()).isEqualTo(KubeFirstSync.NAMESPACE);
            assertThat(model3.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asString())
                    .isEqualTo("sextant");
            assertThat(model3.path("spec").path("replicas").asInt()).isEqualTo(2);
            assertThat(model3.path("spec").path("template").path("spec").path("containers").path(0).path("image")
                    .asString()).isEqualTo("vllm/vllm-openai:v0.11.0");
            assertThat(kube.requests("apply")).isEqualTo(2 * SPECS);
            assertThat(kube.requests("delete")).isZero();
        }

        report.print(new PrintStream(printed, true, StandardCharsets.UTF_8), List.of(SPECS));
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .containsPattern("\\| first sync onto kubernetes over HTTP, 10 ms per request \\(engine run\\) \\| "
                        + "[0-9.]+ ms · CPU [0-9.]+ ms \\|")
                .containsPattern("\\| … its API requests per resource \\(total = gets \\+ lists \\+ watches \\+ applies\\) \\| "
                        + "[0-9.]+ \\([0-9,]+ = [0-9,]+ \\+ [0-9,]+ \\+ [0-9,]+ \\+ 40; 2.00 applies per resource\\) \\|")
                .containsPattern("\\| … its requests × 10 ms ÷ peak requests in flight \\(the round trips' floor\\) \\| "
                        + "[0-9.]+ ms \\(peak [1-9][0-9]* in flight\\) \\|");
    }
}
