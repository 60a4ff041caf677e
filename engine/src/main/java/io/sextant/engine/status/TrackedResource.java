package io.sextant.engine.status;

import io.sextant.drift.api.FieldChange;
import io.sextant.engine.reconcile.OperationStatus;
import io.sextant.engine.reconcile.SyncStatus;
import io.sextant.appliers.api.Health;
import io.sextant.spec.api.ResourceKey;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Everything the engine knows of one managed resource: its status (DESIGN.md section 5) and, for the
 * detail view, the last desired and observed documents and their diff.
 *
 * @param desired  the desired manifest from Git, or null when the resource left Git
 * @param observed the last observed live manifest, or null when not (yet) observed or absent
 */
public record TrackedResource(
        ResourceKey key,
        String source,
        String backend,
        SyncStatus sync,
        Health health,
        OperationStatus operation,
        String message,
        String desiredRevision,
        String appliedRevision,
        Instant lastSyncedAt,
        JsonNode desired,
        JsonNode observed,
        List<FieldChange> diff) {

    public TrackedResource {
        message = message == null ? "" : message;
        diff = diff == null ? List.of() : List.copyOf(diff);
    }

    /** Whether the next poll should look at this resource again even if Git did not change. */
    public boolean needsAttention() {
        return operation == OperationStatus.FAILED
                || health == Health.PROGRESSING
                || health == Health.UNKNOWN
                || sync != SyncStatus.SYNCED;
    }

    public TrackedResource withMessage(String newMessage) {
        return new TrackedResource(key, source, backend, sync, health, operation, newMessage, desiredRevision,
                appliedRevision, lastSyncedAt, desired, observed, diff);
    }

    public TrackedResource withDesiredRevision(String revision) {
        return new TrackedResource(key, source, backend, sync, health, operation, message, revision,
                appliedRevision, lastSyncedAt, desired, observed, diff);
    }
}
