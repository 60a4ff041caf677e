package io.sextant.engine.status;

import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.Health;
import io.sextant.plugin.ResourceKey;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Everything the engine knows of one managed resource: its status (DESIGN.md section 5) and, for the
 * detail view, the last desired and observed documents and their diff.
 *
 * @param desired  the desired manifest from Git, or null when the resource left Git
 * @param observed the last observed live manifest, or null when not (yet) observed or absent
 * @param driftReported fingerprint of the live divergence already recorded as {@code drift-detected}, or null;
 *                 a drift is recorded once while it lasts
 * @param appliedDigest sha-256 of the manifest that is live (applied by Sextant, or found matching), or null;
 *                 stored, so that every replica agrees on what a drift heal may re-apply
 * @param failure  the failure being retried with backoff, or null
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
        List<FieldChange> diff,
        String driftReported,
        String appliedDigest,
        Failure failure) {

    /** The message of a resource that left Git and stays live because its source's pruning is off. */
    public static final String KEPT_PRUNE_OFF = "removed from Git; pruning is off, so it stays live";

    public TrackedResource {
        message = message == null ? "" : message;
        diff = diff == null ? List.of() : List.copyOf(diff);
    }

    /** A status with no drift recorded, no live manifest known and no failure. */
    public TrackedResource(ResourceKey key, String source, String backend, SyncStatus sync, Health health,
                           OperationStatus operation, String message, String desiredRevision, String appliedRevision,
                           Instant lastSyncedAt, JsonNode desired, JsonNode observed, List<FieldChange> diff) {
        this(key, source, backend, sync, health, operation, message, desiredRevision, appliedRevision, lastSyncedAt,
                desired, observed, diff, null, null, null);
    }

    /** Whether the next poll should look at this resource again even if Git did not change. */
    public boolean needsAttention() {
        return operation == OperationStatus.FAILED
                || health == Health.PROGRESSING
                || health == Health.UNKNOWN
                || sync != SyncStatus.SYNCED;
    }

    /** Attempts of the failure being retried; 0 when nothing is failing. */
    public int attempts() {
        return failure == null ? 0 : failure.attempts();
    }

    /** When the failing resource is tried again; null when nothing is failing. */
    public Instant nextAttemptAt() {
        return failure == null ? null : failure.nextAttemptAt();
    }

    public TrackedResource withMessage(String newMessage) {
        return new TrackedResource(key, source, backend, sync, health, operation, newMessage, desiredRevision,
                appliedRevision, lastSyncedAt, desired, observed, diff, driftReported, appliedDigest, failure);
    }

    public TrackedResource withDesiredRevision(String revision) {
        return new TrackedResource(key, source, backend, sync, health, operation, message, revision,
                appliedRevision, lastSyncedAt, desired, observed, diff, driftReported, appliedDigest, failure);
    }

    public TrackedResource withDriftReported(String fingerprint) {
        return new TrackedResource(key, source, backend, sync, health, operation, message, desiredRevision,
                appliedRevision, lastSyncedAt, desired, observed, diff, fingerprint, appliedDigest, failure);
    }

    public TrackedResource withOperation(OperationStatus newOperation) {
        return new TrackedResource(key, source, backend, sync, health, newOperation, message, desiredRevision,
                appliedRevision, lastSyncedAt, desired, observed, diff, driftReported, appliedDigest, failure);
    }

    public TrackedResource withFailure(Failure newFailure) {
        return new TrackedResource(key, source, backend, sync, health, operation, message, desiredRevision,
                appliedRevision, lastSyncedAt, desired, observed, diff, driftReported, appliedDigest, newFailure);
    }
}
