package io.sextant.engine.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.TestDatabase;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.ResourceStatusChanged;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A resource turning Degraded, and coming back, queues a notification; other health moves do not. */
class HealthNotificationsTest {

    private static TrackedResource status(Health health, String message) {
        return new TrackedResource(ResourceKey.parse("ModelDeployment/search/prod-llama", "default"), "platform",
                "sim-local", SyncStatus.SYNCED, health, OperationStatus.SUCCEEDED, message, "abc", "abc", null, null,
                null, List.of());
    }

    @Test
    void degradedAndRecoveredAreNotifiedAndNothingElse() {
        Wiring wiring = new Wiring(TestDatabase.migrated().dataSource, Map.of(), List.of(Wiring.everything("ops")),
                Duration.ofMinutes(10));
        HealthNotifications health = wiring.health();

        health.changed(new ResourceStatusChanged(status(Health.PROGRESSING, ""), null));
        health.changed(new ResourceStatusChanged(status(Health.PROGRESSING, ""), status(Health.PROGRESSING, "")));
        health.changed(new ResourceStatusChanged(status(Health.HEALTHY, ""), status(Health.PROGRESSING, "")));
        health.changed(new ResourceStatusChanged(status(Health.DEGRADED, "insufficient GPUs: 2 x H100-80GB free, 4 wanted"),
                status(Health.HEALTHY, "")));
        wiring.clock.advance(Duration.ofMinutes(1));
        health.changed(new ResourceStatusChanged(status(Health.HEALTHY, ""), status(Health.DEGRADED, "")));

        List<Outbox.Row> rows = wiring.outbox.recent(null, null, 10);
        assertThat(rows).extracting(Outbox.Row::eventType).containsExactly("health.recovered", "health.degraded");
        assertThat(HealthNotifications.typeOf(new ResourceStatusChanged(status(Health.DEGRADED, "no GPUs"), null)))
                .as("a new resource that comes up Degraded").contains(EventType.HEALTH_DEGRADED);
        assertThat(rows.get(1).payload()).contains("insufficient GPUs: 2 x H100-80GB free, 4 wanted")
                .contains("https://sextant.example.com/#/resources/ModelDeployment/search/prod-llama");
    }
}
