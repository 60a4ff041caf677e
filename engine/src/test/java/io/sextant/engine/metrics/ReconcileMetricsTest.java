package io.sextant.engine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.events.ReconcileFinished;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which audit events count as applies, drift and audit events, and how reconciles are timed. */
class ReconcileMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ReconcileMetrics metrics = new ReconcileMetrics(registry);

    static AuditRecorded event(String action, String outcome) {
        return new AuditRecorded(new AuditEvent(1, "2026-11-22T08:00:00Z", "fleet", "0".repeat(40), "Ada", "msg", null,
                List.of(), "poll", new AuditEvent.ResourceRef("ModelDeployment", "search", "llama"), "sim-local", action,
                null, outcome, null, 3, "0".repeat(64), "1".repeat(64)));
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aDetectedDriftIsAReportNotAnApply() {
        metrics.audited(event("drift-detected", "succeeded"));

        assertThat(counter("sextant.drift", "backend", "sim-local", "action", "detected")).isEqualTo(1);
        assertThat(registry.find("sextant.apply").counters()).isEmpty();
        assertThat(counter("sextant.audit.events", "action", "drift-detected", "outcome", "succeeded")).isEqualTo(1);
    }

    @Test
    void aDriftIsCorrectedOnlyWhenTheReapplySucceeded() {
        metrics.audited(event("drift-corrected", "failed"));
        metrics.audited(event("drift-corrected", "succeeded"));

        assertThat(counter("sextant.drift", "action", "corrected")).isEqualTo(1);
        assertThat(counter("sextant.apply", "action", "drift-corrected", "result", "failed")).isEqualTo(1);
        assertThat(counter("sextant.apply", "action", "drift-corrected", "result", "succeeded")).isEqualTo(1);
    }

    @Test
    void appliesAreCountedByBackendActionAndResultBlockedIncluded() {
        metrics.audited(event("create", "succeeded"));
        metrics.audited(event("update", "failed"));
        metrics.audited(event("blocked", "blocked"));

        assertThat(counter("sextant.apply", "backend", "sim-local", "action", "create", "result", "succeeded"))
                .isEqualTo(1);
        assertThat(counter("sextant.apply", "action", "update", "result", "failed")).isEqualTo(1);
        assertThat(counter("sextant.apply", "action", "blocked", "result", "blocked")).isEqualTo(1);
        assertThat(registry.find("sextant.drift").counters()).isEmpty();
        assertThat(registry.find("sextant.audit.events").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(3);
    }

    @Test
    void reconcilesAreTimedWithTheirSourceTriggerAndResult() {
        metrics.reconciled(new ReconcileFinished("fleet", "webhook", null, "failed", 0, 1, 0, List.of(),
                Duration.ofMillis(1500)));

        var timer = registry.find("sextant.reconcile").tags("source", "fleet", "trigger", "webhook", "result", "failed")
                .timer();
        assertThat(timer).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1500);
    }
}
