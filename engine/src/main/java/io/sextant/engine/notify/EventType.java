package io.sextant.engine.notify;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a notification is about. Rules name these by {@link #key()}; CloudEvents carry {@link #cloudEventType()}.
 * {@code ROLLOUT_*} come from the rollout controller's {@code rollout-aborted}/{@code rollout-promoted} audit
 * events. {@code SUSPENDED}/{@code RESUMED} come from the {@code suspend}/{@code resume} audit events of a resource
 * or a whole source (kind {@code Source}, namespace empty, the source's name). {@code WINDOW_HELD} comes from the
 * {@code blocked} audit event of a change held by a sync window (once per change and window opening, not per poll).
 */
enum EventType {
    SYNC_FAILED("sync.failed", "Sync failed"),
    SYNC_BLOCKED("sync.blocked", "Sync blocked"),
    DRIFT_DETECTED("drift.detected", "Drift detected"),
    DRIFT_CORRECTED("drift.corrected", "Drift corrected"),
    HEALTH_DEGRADED("health.degraded", "Health degraded"),
    HEALTH_RECOVERED("health.recovered", "Health recovered"),
    ROLLOUT_ABORTED("rollout.aborted", "Rollout aborted"),
    ROLLOUT_PROMOTED("rollout.promoted", "Rollout promoted"),
    WINDOW_HELD("window.held", "Change held by a sync window"),
    SUSPENDED("suspended", "Suspended"),
    RESUMED("resumed", "Resumed");

    private final String key;
    private final String title;

    EventType(String key, String title) {
        this.key = key;
        this.title = title;
    }

    String key() {
        return key;
    }

    String title() {
        return title;
    }

    /** The CloudEvents {@code type}, reverse-DNS as the specification recommends. */
    String cloudEventType() {
        return "io.sextant." + key;
    }

    /** Whether it reports trouble (red in Slack) rather than good news. */
    boolean bad() {
        return this != DRIFT_CORRECTED && this != HEALTH_RECOVERED && this != ROLLOUT_PROMOTED && this != RESUMED;
    }

    static Optional<EventType> ofKey(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }

    static String keys() {
        return String.join(", ", Arrays.stream(values()).map(EventType::key).toList());
    }
}
