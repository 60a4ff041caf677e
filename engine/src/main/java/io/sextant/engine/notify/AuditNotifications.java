package io.sextant.engine.notify;

import io.sextant.engine.audit.AuditAppendListener;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.windows.SyncWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Notifications of audit events (sync failed or blocked, drift detected or corrected), queued in the
 * transaction that appends the events: a crash before the commit loses both, after it neither.
 */
final class AuditNotifications implements AuditAppendListener {

    private final Notifier notifier;

    AuditNotifications(Notifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void appended(List<AuditEvent> events) {
        List<Notification> notifications = new ArrayList<>();
        for (AuditEvent event : events) {
            typeOf(event).filter(notifier::wants).ifPresent(type -> notifications.add(of(event, type)));
        }
        notifier.notify(notifications);
    }

    static Optional<EventType> typeOf(AuditEvent event) {
        if ("suspend".equals(event.action())) {
            return Optional.of(EventType.SUSPENDED);
        }
        if ("resume".equals(event.action())) {
            return Optional.of(EventType.RESUMED);
        }
        if (event.resource() == null) {
            return Optional.empty();
        }
        if ("rollout-aborted".equals(event.action())) {
            return Optional.of(EventType.ROLLOUT_ABORTED);
        }
        if ("rollout-promoted".equals(event.action())) {
            return Optional.of(EventType.ROLLOUT_PROMOTED);
        }
        if ("failed".equals(event.outcome())) {
            return Optional.of(EventType.SYNC_FAILED);
        }
        if ("blocked".equals(event.outcome()) && event.error() != null
                && event.error().startsWith(SyncWindows.HELD_PREFIX)) {
            return Optional.of(EventType.WINDOW_HELD); // a change waiting for its window, not a refusal
        }
        if ("blocked".equals(event.outcome())) {
            return Optional.of(EventType.SYNC_BLOCKED);
        }
        return switch (event.action() == null ? "" : event.action()) {
            case "drift-detected" -> Optional.of(EventType.DRIFT_DETECTED);
            case "drift-corrected" -> Optional.of(EventType.DRIFT_CORRECTED);
            default -> Optional.empty();
        };
    }

    private static Notification of(AuditEvent e, EventType type) {
        if (type == EventType.SUSPENDED || type == EventType.RESUMED) {
            return suspension(e, type);
        }
        String message = e.error() != null ? e.error() : e.action() + " " + e.outcome();
        String subject = e.commitMessage() == null ? null : e.commitMessage().lines().findFirst().orElse(null);
        return new Notification("audit-" + e.id(), type, e.time(), e.source(), e.resource().kind(),
                e.resource().namespace(), e.resource().name(), e.backend(), e.commit(), subject, e.pullRequest(),
                message, null, null);
    }

    /**
     * A suspend or resume, with who did it and why (the reason travels in the event's diff). A whole source is
     * named as kind {@code Source}, so rules and channels that expect a resource still have one to show.
     */
    private static Notification suspension(AuditEvent e, EventType type) {
        String who = e.actor() == null ? "?" : e.actor().email() != null ? e.actor().email() : e.actor().subject();
        String reason = null;
        if (e.diff() != null && e.diff().size() > 0) {
            tools.jackson.databind.JsonNode change = e.diff().get(0).has("value") ? e.diff().get(0).get("value")
                    : e.diff().get(0).get("from");
            reason = change != null && change.has("reason") ? change.get("reason").asString() : null;
        }
        String message = (type == EventType.SUSPENDED ? "suspended by " : "resumed by ") + who
                + (reason != null && type == EventType.SUSPENDED ? ": " + reason : "");
        boolean source = e.resource() == null;
        return new Notification("audit-" + e.id(), type, e.time(), e.source(), source ? "Source" : e.resource().kind(),
                source ? "" : e.resource().namespace(), source ? e.source() : e.resource().name(), e.backend(), null,
                null, null, message, null, null);
    }
}
