package io.sextant.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every documented metric exists from start-up, at zero, for each known source, backend and label value. */
class StartupMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void everyDocumentedMetricExistsAtZeroBeforeItsFirstEvent() {
        StartupMetrics.register(registry, List.of("platform", "research"), Set.of("sim-local", "k8s-prod"));

        Set<String> names = registry.getMeters().stream().map(m -> m.getId().getName())
                .filter(name -> !name.endsWith(".histogram")) // the simple registry's view of the buckets
                .collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("sextant.reconcile", "sextant.git.operation", "sextant.apply",
                "sextant.drift", "sextant.webhook.deliveries", "sextant.audit.events");
        assertThat(registry.find("sextant.reconcile").tags("source", "research", "trigger", "drift", "result",
                "failed").timer().count()).isZero();
        assertThat(registry.find("sextant.git.operation").tags("source", "platform", "operation", "ls_remote",
                "result", "failure").timer().count()).isZero();
        assertThat(registry.find("sextant.apply").tags("backend", "k8s-prod", "action", "delete", "result", "failed")
                .counter().count()).isZero();
        assertThat(registry.find("sextant.apply").tags("backend", "sim-local", "action", "blocked", "result",
                "blocked").counter().count()).isZero();
        assertThat(registry.find("sextant.drift").tags("backend", "k8s-prod", "action", "corrected").counter()
                .count()).isZero();
        assertThat(registry.find("sextant.webhook.deliveries").tags("provider", "gitea", "result", "rate-limited")
                .counter().count()).isZero();
        assertThat(registry.find("sextant.audit.events").tags("action", "update", "outcome", "failed").counter()
                .count()).isZero();
    }

    @Test
    void theFirstEventCountsOnTheSeriesRegisteredAtStartUp() {
        StartupMetrics.register(registry, List.of("platform"), Set.of("sim-local"));
        int meters = registry.getMeters().size();

        new ReconcileMetrics(registry).audited(new AuditRecorded(new AuditEvent(1, "2026-11-22T08:00:00Z", "platform",
                "0".repeat(40), "Ada", "msg", null, List.of(), "poll",
                new AuditEvent.ResourceRef("ModelDeployment", "search", "llama"), "sim-local", "create", null,
                "succeeded", null, 3, "0".repeat(64), "1".repeat(64))));

        assertThat(registry.getMeters()).as("no new series").hasSize(meters);
        assertThat(registry.find("sextant.apply").tags("backend", "sim-local", "action", "create", "result",
                "succeeded").counters()).extracting(c -> c.count()).containsExactly(1.0);
    }
}
