package io.sextant.engine.dashboard;

import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.events.ResourceRemoved;
import io.sextant.engine.events.ResourceStatusChanged;
import io.sextant.spec.api.Kinds;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the engine's application events into dashboard messages. The events arrive synchronously on
 * reconcile threads, so each handler only maps and queues.
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
        stream.publish("resource", LiveMessages.Resource.of(event.current(), kinds));
    }

    @EventListener
    void on(ResourceRemoved event) {
        stream.publish("resource-removed", LiveMessages.Removed.of(event));
    }

    @EventListener
    void on(AuditRecorded event) {
        stream.publish("audit", event.event());
    }

    @EventListener
    void on(ReconcileFinished event) {
        stream.publish("reconcile", LiveMessages.Reconcile.of(event));
    }
}
