package io.sextant.engine.dashboard;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.status.ResourceRemoved;
import io.sextant.engine.status.ResourceStatusChanged;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.engine.suspend.SuspensionStore;
import io.sextant.engine.suspend.Suspensions;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the engine's application events into dashboard messages. The events arrive synchronously on
 * reconcile threads, so each handler only maps and queues. Each message goes to the streams whose callers may
 * see what it is about ({@link io.sextant.engine.security.Visibility}).
 */
@Component
class EngineEventRelay {

    private final EventStream stream;
    private final Kinds kinds;
    private final ResourceTracker tracker;
    private final SuspensionStore suspensions;

    EngineEventRelay(EventStream stream, Kinds kinds, ResourceTracker tracker, SuspensionStore suspensions) {
        this.stream = stream;
        this.kinds = kinds;
        this.tracker = tracker;
        this.suspensions = suspensions;
    }

    @EventListener
    void on(ResourceStatusChanged event) {
        // One small query per message: the suspension table holds a handful of rows, shared by every replica.
        resource(event.current(), suspensions.all());
    }

    private void resource(TrackedResource r, Suspensions suspended) {
        stream.publish("resource", LiveMessages.Resource.of(r, kinds, suspended), r.key().namespace(), r.backend());
    }

    @EventListener
    void on(ResourceRemoved event) {
        stream.publish("resource-removed", LiveMessages.Removed.of(event), event.key().namespace(), null);
    }

    @EventListener
    void on(AuditRecorded event) {
        AuditEvent audit = event.event();
        stream.publish("audit", audit, audit.resource() == null ? null : audit.resource().namespace(), audit.backend());
        // A suspend or resume changes no status, yet every page must show (or drop) the badge at once.
        if ("suspend".equals(audit.action()) || "resume".equals(audit.action())) {
            Suspensions now = suspensions.all();
            if (audit.resource() != null) {
                tracker.find(new ResourceKey(Kind.of(audit.resource().kind()), audit.resource().namespace(),
                        audit.resource().name())).ifPresent(r -> resource(r, now));
            } else {
                tracker.ofSource(audit.source()).forEach(r -> resource(r, now));
            }
        }
    }

    @EventListener
    void on(ReconcileFinished event) {
        // A source's reconcile names every team's files and errors: for those who see everything only.
        stream.publish("reconcile", LiveMessages.Reconcile.of(event));
    }
}
