package io.sextant.engine.dashboard;

import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.status.ResourceRemoved;
import io.sextant.engine.status.ResourceStatusChanged;
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

    EngineEventRelay(EventStream stream, Kinds kinds) {
        this.stream = stream;
        this.kinds = kinds;
    }

    @EventListener
    void on(ResourceStatusChanged event) {
        stream.publish("resource", LiveMessages.Resource.of(event.current(), kinds), event.current().key().namespace(),
                event.current().backend());
    }

    @EventListener
    void on(ResourceRemoved event) {
        stream.publish("resource-removed", LiveMessages.Removed.of(event), event.key().namespace(), null);
    }

    @EventListener
    void on(AuditRecorded event) {
        AuditEvent audit = event.event();
        stream.publish("audit", audit, audit.resource() == null ? null : audit.resource().namespace(), audit.backend());
    }

    @EventListener
    void on(ReconcileFinished event) {
        // A source's reconcile names every team's files and errors: for those who see everything only.
        stream.publish("reconcile", LiveMessages.Reconcile.of(event));
    }
}
