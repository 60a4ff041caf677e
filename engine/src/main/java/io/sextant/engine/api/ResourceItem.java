package io.sextant.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.engine.suspend.Suspension;
import io.sextant.engine.suspend.Suspensions;

import io.sextant.engine.kinds.KindDisplay;
import io.sextant.engine.status.TrackedResource;
import io.sextant.spec.api.Kinds;
import java.time.Instant;

/**
 * A resource in API lists (DESIGN.md section 7, Contract fields plus {@code source}; while a failure is
 * being retried, {@code attempts} and {@code nextAttemptAt}, otherwise 0 and null; and {@code summary}, one
 * line about the resource from its kind's definition); {@code suspended}, and while it is, {@code suspendedBy},
 * {@code suspendedAt}, {@code suspendReason} (when one was given) and {@code suspendedWith}: {@code resource}
 * when the resource itself is suspended, {@code source} when its whole source is).
 */
record ResourceItem(String kind, String namespace, String name, String source, String backend, String sync,
                    String health, String operation, String message, String desiredRevision,
                    String appliedRevision, Instant lastSyncedAt, int attempts, Instant nextAttemptAt,
                    String summary, boolean suspended,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendedBy,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Instant suspendedAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendReason,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendedWith) {

    static ResourceItem of(TrackedResource r, Kinds kinds, Suspensions suspensions) {
        Suspension s = suspensions.of(r.key(), r.source()).orElse(null);
        return new ResourceItem(r.key().kind().apiName(), r.key().namespace(), r.key().name(), r.source(),
                r.backend(), r.sync().apiName(), r.health().apiName(), r.operation().apiName(), r.message(),
                r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(), r.attempts(), r.nextAttemptAt(),
                KindDisplay.summary(kinds, r.key(), r.desired()), s != null,
                s == null ? null : s.suspendedBy(), s == null ? null : s.suspendedAt(), s == null ? null : s.reason(),
                s == null ? null : s.target() instanceof Suspension.OfSource ? "source" : "resource");
    }
}
