package io.sextant.engine.api;

import io.sextant.engine.kinds.KindDisplay;
import io.sextant.engine.status.TrackedResource;
import io.sextant.spec.api.Kinds;
import java.time.Instant;

/**
 * A resource in API lists (DESIGN.md section 7, Contract fields plus {@code source}; while a failure is
 * being retried, {@code attempts} and {@code nextAttemptAt}, otherwise 0 and null; and {@code summary}, one
 * line about the resource from its kind's definition).
 */
record ResourceItem(String kind, String namespace, String name, String source, String backend, String sync,
                    String health, String operation, String message, String desiredRevision,
                    String appliedRevision, Instant lastSyncedAt, int attempts, Instant nextAttemptAt,
                    String summary) {

    static ResourceItem of(TrackedResource r, Kinds kinds) {
        return new ResourceItem(r.key().kind().apiName(), r.key().namespace(), r.key().name(), r.source(),
                r.backend(), r.sync().apiName(), r.health().apiName(), r.operation().apiName(), r.message(),
                r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(), r.attempts(), r.nextAttemptAt(),
                KindDisplay.summary(kinds, r.key(), r.desired()));
    }
}
