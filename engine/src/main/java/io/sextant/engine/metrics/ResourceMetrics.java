package io.sextant.engine.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.SyncStatus;
import io.sextant.engine.status.ResourceTracker;
import org.springframework.stereotype.Component;

/**
 * {@code sextant_resources{sync, health}}: managed resources by status, read from the tracker at
 * scrape time. Every combination is exported, zeros included, so alerts such as
 * {@code sextant_resources{sync="OutOfSync"} > 0} never see a missing series. Public so that the
 * reconcile core's property test can bind it to the tracker it wires by hand and check the gauges too.
 */
@Component
public class ResourceMetrics implements MeterBinder {

    private final ResourceTracker tracker;

    public ResourceMetrics(ResourceTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (SyncStatus sync : SyncStatus.values()) {
            for (Health health : Health.values()) {
                Gauge.builder("sextant.resources", tracker, t -> count(t, sync, health))
                        .description("Managed resources by sync and health status")
                        .tags("sync", sync.apiName(), "health", health.apiName())
                        .register(registry);
            }
        }
    }

    private static double count(ResourceTracker tracker, SyncStatus sync, Health health) {
        return tracker.all().stream().filter(r -> r.sync() == sync && r.health() == health).count();
    }
}
