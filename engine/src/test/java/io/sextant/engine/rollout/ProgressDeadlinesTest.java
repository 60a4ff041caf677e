package io.sextant.engine.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.engine.MutableClock;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The progress-deadline verdict on one status: when it speaks, what it says, and when it stays silent. */
class ProgressDeadlinesTest {

    private static final Instant APPLIED = Instant.parse("2026-12-03T08:00:00Z");
    private final MutableClock clock = new MutableClock(APPLIED);
    private final ProgressDeadlines deadlines = new ProgressDeadlines(Duration.ofMinutes(10), clock);

    private static TrackedResource status(SyncStatus sync, Health health, String message, String ownDeadline) {
        ObjectNode desired = JsonMapper.builder().build().createObjectNode();
        if (ownDeadline != null) {
            desired.putObject("spec").putObject("rollout").put("progressDeadline", ownDeadline);
        }
        return new TrackedResource(new ResourceKey(Kind.of("ModelDeployment"), "search", "llama"), "fleet", "sim",
                sync, health, OperationStatus.SUCCEEDED, message, "c1", "c1", APPLIED, desired, null, List.of());
    }

    @Test
    void aProgressingDeploymentPastTheEngineDeadlineIsDegradedWithTheBackendsReason() {
        TrackedResource progressing = status(SyncStatus.SYNCED, Health.PROGRESSING, "0 of 1 replicas ready", null);
        assertThat(deadlines.judge(progressing)).as("within the deadline").isEqualTo(progressing);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        TrackedResource judged = deadlines.judge(progressing);

        assertThat(judged.health()).isEqualTo(Health.DEGRADED);
        assertThat(judged.message()).isEqualTo("not Healthy within progressDeadline 10m: 0 of 1 replicas ready");
        assertThat(deadlines.judge(judged)).as("judged twice, said once").isEqualTo(judged);
    }

    @Test
    void theDeploymentsOwnDeadlineWins() {
        clock.advance(Duration.ofSeconds(31));

        assertThat(deadlines.judge(status(SyncStatus.SYNCED, Health.PROGRESSING, "", "30s")).message())
                .isEqualTo("not Healthy within progressDeadline 30s: the backend reports Progressing");
    }

    @Test
    void aWriterThatKeptTheVerdictsMessageGetsTheDegradedHealthBack() {
        clock.advance(Duration.ofMinutes(11));
        String verdict = "not Healthy within progressDeadline 10m: 0 of 1 replicas ready";

        TrackedResource judged = deadlines.judge(status(SyncStatus.SYNCED, Health.PROGRESSING, verdict, null));

        assertThat(judged.health()).isEqualTo(Health.DEGRADED);
        assertThat(judged.message()).isEqualTo(verdict);
    }

    @Test
    void healthyAndOutOfSyncResourcesAreLeftAsTheyAre() {
        clock.advance(Duration.ofHours(1));
        TrackedResource healthy = status(SyncStatus.SYNCED, Health.HEALTHY, "1 of 1 replicas placed", null);
        TrackedResource rolling = status(SyncStatus.OUT_OF_SYNC, Health.PROGRESSING, "canary at 20%", null);

        assertThat(deadlines.judge(healthy)).isEqualTo(healthy);
        assertThat(deadlines.judge(rolling)).as("a rollout's own").isEqualTo(rolling);
    }
}
