package io.sextant.engine.suspend;

import io.sextant.engine.reconcile.SuspensionGate;
import org.springframework.stereotype.Component;

/** The reconciler's suspension hook, read from the store every replica shares. */
@Component
final class StoredSuspensionGate implements SuspensionGate {

    private final SuspensionStore store;

    StoredSuspensionGate(SuspensionStore store) {
        this.store = store;
    }

    @Override
    public Holds current() {
        Suspensions now = store.all();
        if (now.none()) {
            return (key, source) -> null;
        }
        return (key, source) -> now.of(key, source).map(Suspension::message).orElse(null);
    }
}
