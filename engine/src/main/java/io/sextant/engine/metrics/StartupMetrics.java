package io.sextant.engine.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Registers every documented metric at start-up, at zero, for every label value known then (each source,
 * each backend, each trigger, action and result): a series that appears only with its first event breaks
 * {@code rate()}, ratios and absence alerts, and a dashboard cannot tell "none yet" from "not exported".
 * {@code sextant_resources} is exported whole by {@link ResourceMetrics}.
 */
@Component
class StartupMetrics {

    static final List<String> TRIGGERS = List.of("poll", "webhook", "drift", "manual");
    static final List<String> RECONCILE_RESULTS = List.of("synced", "failed", "blocked", "invalid", "skipped", "stale");
    static final List<String> GIT_OPERATIONS = List.of("ls_remote", "fetch");
    static final List<String> GIT_RESULTS = List.of("success", "failure");
    static final List<String> CHANGES = List.of("create", "update", "delete", "drift-corrected");
    static final List<String> CHANGE_OUTCOMES = List.of("succeeded", "failed");
    static final List<String> PROVIDERS = List.of("github", "gitlab", "gitea");
    static final List<String> DELIVERY_RESULTS = List.of("accepted", "ignored", "duplicate", "unknown-source",
            "rejected", "invalid", "too-large", "rate-limited", "failed");

    StartupMetrics(MeterRegistry registry, SourceRegistry sources, BackendRegistry backends) {
        register(registry, sources.all().stream().map(WatchedSource::name).toList(), backends.names());
    }

    static void register(MeterRegistry registry, Collection<String> sources, Collection<String> backends) {
        for (String source : sources) {
            for (String trigger : TRIGGERS) {
                RECONCILE_RESULTS.forEach(result -> ReconcileMetrics.reconcileTimer(registry, source, trigger, result));
            }
            for (String operation : GIT_OPERATIONS) {
                GIT_RESULTS.forEach(result -> TimedGitSource.timer(registry, source, operation, result));
            }
        }
        for (String change : CHANGES) {
            for (String outcome : CHANGE_OUTCOMES) {
                ReconcileMetrics.auditCounter(registry, change, outcome);
                backends.forEach(backend -> ReconcileMetrics.applyCounter(registry, backend, change, outcome));
            }
        }
        ReconcileMetrics.auditCounter(registry, "blocked", "blocked");
        ReconcileMetrics.auditCounter(registry, "drift-detected", "succeeded");
        for (String backend : backends) {
            ReconcileMetrics.applyCounter(registry, backend, "blocked", "blocked");
            ReconcileMetrics.driftCounter(registry, backend, "detected");
            ReconcileMetrics.driftCounter(registry, backend, "corrected");
        }
        for (String provider : PROVIDERS) {
            DELIVERY_RESULTS.forEach(result -> WebhookMetrics.counter(registry, provider, result));
        }
    }
}
