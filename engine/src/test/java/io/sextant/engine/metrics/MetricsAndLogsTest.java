package io.sextant.engine.metrics;

import io.sextant.spec.kinds.ModelDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.appliers.api.DriftControl;
import io.sextant.engine.EngineClient;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/**
 * What an operator's Prometheus and log pipeline see from a real engine: specs served over smart HTTP,
 * synced to {@code sim}, changed by a push, told of it by a GitHub webhook (and sent a forged one),
 * drifted behind the engine's back and healed; then
 * {@code /actuator/prometheus} is scraped and read as strict Prometheus text, and the JSON console
 * log (ECS) is searched for the apply lines.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsAndLogsTest {

    static final ResourceKey RERANKER = new ResourceKey(ModelDeployment.KIND, "ranking", "bge-reranker");

    SampleFleet fleet;
    EngineClient client;
    String updateCommit;
    CapturedOutput output;

    @BeforeAll
    void startEngineAndLiveThroughASyncAPushAWebhookAndADrift(CapturedOutput output) throws Exception {
        this.output = output;
        fleet = SampleFleet.start();
        client = fleet.client;
        Reconciler reconciler = fleet.engine.getBean(Reconciler.class);
        EngineClient.await("seven resources Synced", Duration.ofSeconds(60), () -> {
            JsonNode items = client.getJson("/api/v1/resources").get("items");
            return items.size() == 7 && stream(items).allMatch(i -> i.get("sync").asString().equals("Synced"));
        });

        Path file = fleet.work.resolve("teams/search/llama-3-8b-chat.yaml");
        Files.writeString(file, Files.readString(file).replace("replicas: 2", "replicas: 3"));
        updateCommit = fleet.push("search: three replicas");
        client.sync();
        assertThat(reconciler.awaitIdle(30_000)).isTrue();

        assertThat(fleet.gitHubPush(updateCommit, true)).isEqualTo(202);
        assertThat(fleet.gitHubPush(updateCommit, false)).as("forged").isIn(401, 403);
        assertThat(reconciler.awaitIdle(30_000)).isTrue();

        DriftControl sim = (DriftControl) fleet.engine.getBean(BackendRegistry.class).find("sim-local").orElseThrow();
        sim.setField(RERANKER, "/spec/replicas", IntNode.valueOf(5));
        EngineClient.await("the drift healed", Duration.ofSeconds(30),
                () -> client.getJson("/api/v1/audit?action=drift-corrected").get("items").size() == 1);
    }

    @AfterAll
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    PrometheusText scrape() throws Exception {
        HttpResponse<String> response = fleet.scrape();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain;version=0.0.4"));
        return PrometheusText.parse(response.body());
    }

    @Test
    void everySextantMetricIsValidPrometheusTextWithHelpAndType() throws Exception {
        PrometheusText metrics = scrape();

        assertThat(metrics.types).containsEntry("sextant_reconcile_seconds", "histogram")
                .containsEntry("sextant_git_operation_seconds", "histogram")
                .containsEntry("sextant_apply_total", "counter")
                .containsEntry("sextant_drift_total", "counter")
                .containsEntry("sextant_audit_events_total", "counter")
                .containsEntry("sextant_resources", "gauge");
        metrics.types.keySet().stream().filter(name -> name.startsWith("sextant_"))
                .forEach(name -> assertThat(metrics.help.get(name)).as("HELP of " + name).isNotBlank());
    }

    @Test
    void reconcilesAreTimedBySourceTriggerAndResult() throws Exception {
        // The engine may have started a moment ago (test order varies): wait for its second drift scan.
        EngineClient.await("two drift scans timed", Duration.ofSeconds(20), () -> {
            try {
                return scrape().sum("sextant_reconcile_seconds_count", "source", "fleet", "trigger", "drift") >= 2;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        PrometheusText metrics = scrape();

        assertThat(metrics.sum("sextant_reconcile_seconds_count", "source", "fleet", "trigger", "manual",
                "result", "synced")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("sextant_reconcile_seconds_count", "source", "fleet", "trigger", "drift"))
                .as("drift scans run every second").isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("sextant_reconcile_seconds_sum", "source", "fleet")).isPositive();
        List<PrometheusText.Sample> infinite = metrics.find("sextant_reconcile_seconds_bucket", "source", "fleet",
                "trigger", "manual", "result", "synced", "le", "+Inf");
        assertThat(infinite).hasSize(1);
        assertThat(infinite.get(0).value()).isEqualTo(metrics.sum("sextant_reconcile_seconds_count", "source", "fleet",
                "trigger", "manual", "result", "synced"));
    }

    @Test
    void gitLsRemotesAndFetchesAreTimed() throws Exception {
        PrometheusText metrics = scrape();

        assertThat(metrics.sum("sextant_git_operation_seconds_count", "source", "fleet", "operation", "ls_remote",
                "result", "success")).as("start-up and the manual sync each ask the remote").isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("sextant_git_operation_seconds_count", "source", "fleet", "operation", "fetch",
                "result", "success")).as("the clone and the pushed commit").isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("sextant_git_operation_seconds_sum", "source", "fleet", "operation", "fetch"))
                .isPositive();
        assertThat(metrics.find("sextant_git_operation_seconds_count", "result", "failure"))
                .as("exported from start-up, at zero: nothing failed").isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.value()).isZero());
    }

    @Test
    void appliesDriftAndAuditEventsAreCountedByWhatHappened() throws Exception {
        PrometheusText metrics = scrape();

        assertThat(metrics.sum("sextant_apply_total", "backend", "sim-local", "action", "create", "result", "succeeded"))
                .isEqualTo(7);
        assertThat(metrics.sum("sextant_apply_total", "backend", "sim-local", "action", "update", "result", "succeeded"))
                .isEqualTo(1);
        assertThat(metrics.sum("sextant_apply_total", "backend", "sim-local", "action", "drift-corrected",
                "result", "succeeded")).isEqualTo(1);
        assertThat(metrics.find("sextant_apply_total", "action", "drift-detected")).as("a report, not an apply").isEmpty();
        assertThat(metrics.sum("sextant_drift_total", "backend", "sim-local", "action", "detected")).isEqualTo(1);
        assertThat(metrics.sum("sextant_drift_total", "backend", "sim-local", "action", "corrected")).isEqualTo(1);
        assertThat(metrics.sum("sextant_audit_events_total", "action", "create", "outcome", "succeeded")).isEqualTo(7);
        assertThat(metrics.sum("sextant_audit_events_total"))
                .isEqualTo(client.getJson("/api/v1/audit?limit=10000").get("items").size());
    }

    @Test
    void webhookDeliveriesAreCountedByProviderAndResult() throws Exception {
        PrometheusText metrics = scrape();

        assertThat(metrics.types).containsEntry("sextant_webhook_deliveries_total", "counter");
        assertThat(metrics.sum("sextant_webhook_deliveries_total", "provider", "github", "result", "accepted"))
                .isEqualTo(1);
        assertThat(metrics.sum("sextant_webhook_deliveries_total", "provider", "github", "result", "rejected"))
                .as("the forged signature").isEqualTo(1);
        assertThat(metrics.sum("sextant_reconcile_seconds_count", "source", "fleet", "trigger", "webhook"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void resourcesAreCountedBySyncAndHealth() throws Exception {
        PrometheusText metrics = scrape();

        assertThat(metrics.sum("sextant_resources", "sync", "Synced", "health", "Healthy")).isEqualTo(7);
        assertThat(metrics.sum("sextant_resources")).isEqualTo(7);
        assertThat(metrics.find("sextant_resources")).as("every sync x health combination, zeros included")
                .hasSize(15);
        assertThat(metrics.sum("sextant_resources", "sync", "OutOfSync")).isZero();
    }

    @Test
    void applyLogLinesAreJsonCarryingSourceCommitAndResource() {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> applies = output.getOut().lines().filter(line -> line.startsWith("{"))
                .map(json::readTree)
                .filter(line -> line.path("message").asString().contains("action=update"))
                .toList();

        assertThat(applies).as("the JSON log line of the pushed update").hasSize(1);
        JsonNode line = applies.get(0);
        assertThat(line.path("log").path("level").asString()).isEqualTo("INFO");
        JsonNode sextant = line.path("sextant");
        assertThat(sextant.path("source").asString()).isEqualTo("fleet");
        assertThat(sextant.path("commit").asString()).isEqualTo(updateCommit);
        assertThat(sextant.path("resource").asString()).isEqualTo("ModelDeployment/search/llama-3-8b-chat");
        assertThat(sextant.path("backend").asString()).isEqualTo("sim-local");
        assertThat(sextant.path("trigger").asString()).isEqualTo("manual");
    }

    static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
