package io.sextant.engine.api;

import io.sextant.plugin.Health;
import io.sextant.engine.reconcile.OperationStatus;
import io.sextant.engine.reconcile.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import java.util.ArrayList;
import java.util.List;

/**
 * Status conditions in the Flux/kstatus style: {@code Ready} summarises; {@code Synced} says whether
 * live matches Git; {@code Stalled} is present only while a human is needed.
 */
final class Conditions {

    private Conditions() {
    }

    record Condition(String type, String status, String reason, String message) {}

    static List<Condition> of(TrackedResource r) {
        List<Condition> conditions = new ArrayList<>();
        boolean ready = r.health() == Health.HEALTHY && r.sync() == SyncStatus.SYNCED;
        conditions.add(new Condition("Ready", ready ? "True" : "False", r.health().apiName(), r.message()));
        conditions.add(new Condition("Synced", r.sync() == SyncStatus.SYNCED ? "True" : "False", r.sync().apiName(),
                r.sync() == SyncStatus.SYNCED ? "live state matches commit " + shortId(r.appliedRevision()) : r.message()));
        if (r.operation() == OperationStatus.FAILED || r.operation() == OperationStatus.BLOCKED) {
            conditions.add(new Condition("Stalled", "True", r.operation() == OperationStatus.BLOCKED
                    ? "Blocked" : "ApplyFailed", r.message()));
        }
        return conditions;
    }

    private static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(7, id.length()));
    }
}
