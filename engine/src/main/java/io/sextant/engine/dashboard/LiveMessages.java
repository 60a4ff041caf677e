package io.sextant.engine.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.engine.events.ReconcileFinished;
import io.sextant.engine.suspend.Suspension;
import io.sextant.engine.suspend.Suspensions;
import io.sextant.engine.status.ResourceRemoved;
import io.sextant.engine.kinds.KindDisplay;
import io.sextant.engine.status.TrackedResource;
import io.sextant.spec.api.Kinds;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.List;

/**
 * The small JSON messages the event stream carries. A resource message has the fields of an item of
 * {@code GET /api/v1/resources}, so the page treats both alike.
 */
final class LiveMessages {

    private LiveMessages() {
    }

    /** Event {@code resource}: a resource's status changed or it appeared. */
    record Resource(String kind, String namespace, String name, String source, String backend, String sync,
                    String health, String operation, String message, String desiredRevision, String appliedRevision,
                    Instant lastSyncedAt, String summary, boolean suspended,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendedBy,
                    @JsonInclude(JsonInclude.Include.NON_NULL) Instant suspendedAt,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendReason,
                    @JsonInclude(JsonInclude.Include.NON_NULL) String suspendedWith) {

        /** With the suspension in force now, as the list item has it: a live update must not drop the badge. */
        static Resource of(TrackedResource r, Kinds kinds, Suspensions suspensions) {
            Suspension s = suspensions.of(r.key(), r.source()).orElse(null);
            return new Resource(r.key().kind().apiName(), r.key().namespace(), r.key().name(), r.source(),
                    r.backend(), r.sync().apiName(), r.health().apiName(), r.operation().apiName(), r.message(),
                    r.desiredRevision(), r.appliedRevision(), r.lastSyncedAt(),
                    KindDisplay.summary(kinds, r.key(), r.desired()), s != null,
                    s == null ? null : s.suspendedBy(), s == null ? null : s.suspendedAt(),
                    s == null ? null : s.reason(),
                    s == null ? null : s.target() instanceof Suspension.OfSource ? "source" : "resource");
        }
    }

    /** Event {@code resource-removed}: the engine no longer manages a resource. */
    record Removed(String kind, String namespace, String name, String source) {

        static Removed of(ResourceRemoved event) {
            ResourceKey key = event.key();
            return new Removed(key.kind().apiName(), key.namespace(), key.name(), event.source());
        }
    }

    /** A commit as the dashboard shows it. */
    record Commit(String id, String shortId, String author, String message, Instant time) {

        static Commit of(CommitInfo c) {
            return c == null ? null
                    : new Commit(c.id(), c.id().substring(0, Math.min(7, c.id().length())), c.author(),
                            c.shortMessage(), c.time());
        }
    }

    /** A spec error, shaped like the errors of {@code GET /api/v1/sources}. */
    record Error(String path, Integer line, String field, String message) {

        static Error of(SpecError e) {
            return new Error(e.file(), e.line() > 0 ? e.line() : null,
                    e.field() == null || e.field().isEmpty() ? null : e.field(), e.toString());
        }
    }

    /** Event {@code reconcile}: one reconcile of a source ended. */
    record Reconcile(String source, String trigger, Commit commit, String result, int applied, int failed,
                     int blocked, List<Error> errors, long durationMs) {

        static Reconcile of(ReconcileFinished e) {
            return new Reconcile(e.source(), e.trigger(), Commit.of(e.commit()), e.result(), e.applied(), e.failed(),
                    e.blocked(), e.errors().stream().map(Error::of).toList(), e.duration().toMillis());
        }
    }
}
