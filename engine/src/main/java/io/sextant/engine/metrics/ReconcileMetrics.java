package io.sextant.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.events.ReconcileFinished;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Counts what reconciles do, from the engine's events: reconciles and their duration, applies,
 * drift, and audit events written. Names follow Prometheus conventions once exported
 * ({@code sextant_reconcile_seconds}, {@code sextant_apply_total}, {@code sextant_drift_total},
 * {@code sextant_audit_events_total}).
 */
@Component
class ReconcileMetrics {

    /** Audit actions that are an attempt to change live state (drift-detected only reports). */
    private static final Set<String> APPLY_ACTIONS = Set.of("create", "update", "delete", "drift-corrected", "blocked", "adopt");

    private final MeterRegistry registry;

    ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void reconciled(ReconcileFinished finished) {
        reconcileTimer(registry, finished.source(), finished.trigger(), finished.result()).record(finished.duration());
    }

    // The meters are built here only, so those registered at zero on start-up (StartupMetrics) are the same.

    static Timer reconcileTimer(MeterRegistry registry, String source, String trigger, String result) {
        return Timer.builder("sextant.reconcile")
                .description("Reconciles of a source by trigger and result (synced, failed, blocked, invalid, skipped)")
                .tags("source", source, "trigger", trigger, "result", result)
                .serviceLevelObjectives(Buckets.DURATIONS)
                .register(registry);
    }

    static Counter auditCounter(MeterRegistry registry, String action, String outcome) {
        return Counter.builder("sextant.audit.events")
                .description("Audit events written, by action and outcome")
                .tags("action", action, "outcome", outcome)
                .register(registry);
    }

    static Counter applyCounter(MeterRegistry registry, String backend, String action, String result) {
        return Counter.builder("sextant.apply")
                .description("Changes applied to backends (or blocked by a gate), by backend, action and result")
                .tags("backend", backend, "action", action, "result", result)
                .register(registry);
    }

    static Counter driftCounter(MeterRegistry registry, String backend, String action) {
        return Counter.builder("sextant.drift")
                .description("Live state found drifted from Git (detected) and restored (corrected), by backend")
                .tags("backend", backend, "action", action)
                .register(registry);
    }

    @EventListener
    void audited(AuditRecorded recorded) {
        AuditEvent event = recorded.event();
        String backend = event.backend() == null ? "" : event.backend();
        auditCounter(registry, event.action(), event.outcome()).increment();
        if (APPLY_ACTIONS.contains(event.action())) {
            applyCounter(registry, backend, event.action(), event.outcome()).increment();
        }
        if (event.action().equals("drift-detected")
                || event.action().equals("drift-corrected") && event.outcome().equals("succeeded")) {
            driftCounter(registry, backend, event.action().substring("drift-".length())).increment();
        }
    }
}
