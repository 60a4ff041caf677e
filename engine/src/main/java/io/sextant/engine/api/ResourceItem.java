package io.sextant.engine.api;

import io.sextant.engine.status.TrackedResource;
import java.time.Instant;

/**
 * A resource in API lists (DESIGN.md section 7, Contract fields plus {@code source}; while a failure is
 * being retried, {@code attempts} and {@code nextAttemptAt}, otherwise 0 and null).
 */
record ResourceItem(String kind, String namespace, String name, String source, String backend, String sync,
                    String health, String operation, String message, String desiredRevision,
                    String appliedRevision, Instant lastSyncedAt, int attempts, Instant nextAttemptAt) {

    static ResourceItem of(TrackedResource r) {
        return new ResourceItem(r.key().kind().apiName(), r.key().namespace(), r.key().name(), r.source(),
                r.backend(), r.sync().apiName(), r.health().apiName(), r.operation().apiName(), r.message(),
                r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(), r.attempts(), r.nextAttemptAt());
    }
}
