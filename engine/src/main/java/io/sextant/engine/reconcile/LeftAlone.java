package io.sextant.engine.reconcile;

import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.util.List;
import java.util.Map;

/**
 * The statuses of resources a reconcile leaves alone because of spec errors. Their message is the reason
 * plans show for keeping them ({@link KeptResource#reason}), so the dashboard and a preview say the same.
 */
final class LeftAlone {

    private LeftAlone() {
    }

    /** What keeps {@code doc}'s resource as it is live. */
    static KeptResource kept(Kinds kinds, ResourceKey key, SpecDocument doc, Map<ResourceKey, SpecDocument> byKey,
                             TrackedResource before, List<SpecError> problems) {
        String backend = before != null && before.backend() != null ? before.backend() : Backends.of(kinds, doc.resource(), byKey);
        return new KeptResource(key, backend, problems, before == null ? null : before.appliedRevision());
    }

    /**
     * An invalid resource, or one of a file that fails to load: nothing is done to it; it says why. A change
     * an allow-list refuses is Blocked (policy said no), any other error Failed (the spec is broken).
     */
    static TrackedResource invalid(String source, String revision, SpecDocument doc, TrackedResource before,
                                   KeptResource kept) {
        OperationStatus operation = kept.causes().stream().anyMatch(PolicyBlocks::isPolicy)
                ? OperationStatus.BLOCKED : OperationStatus.FAILED;
        return new TrackedResource(doc.key(), source, before == null ? null : before.backend(), SyncStatus.UNKNOWN,
                before == null ? Health.MISSING : before.health(), operation, kept.reason(), revision,
                before == null ? null : before.appliedRevision(), before == null ? null : before.lastSyncedAt(),
                doc.manifest(), before == null ? null : before.observed(), List.of(),
                before == null ? null : before.driftReported(), before == null ? null : before.appliedDigest(), null);
    }

    /**
     * A live resource that no file defines while some file that fails to load may: deleting it could
     * delete what that file still holds, so it stays until every file loads again. Nothing is attempted on
     * it, so an earlier Failed or Blocked is over: the file's error is the source's, counted there.
     */
    static TrackedResource unplaced(String source, String revision, TrackedResource before, ObservedResource observed,
                                    KeptResource kept) {
        return Assessor.status(before.key(), source, before.backend(), null, observed.manifest(), List.of(),
                SyncStatus.UNKNOWN, observed.health(), Assessor.settled(before),
                "not found in Git while a file fails to load, which may define it: " + kept.reason(), revision, before);
    }

    /**
     * An engine-side resource in force (a sync window) that no file defines while some file that fails to
     * load may: the version in force stays in force until every file loads again.
     */
    static TrackedResource inForce(String source, String revision, TrackedResource before, KeptResource kept) {
        return Assessor.status(before.key(), source, null, before.desired(), before.observed(), List.of(),
                SyncStatus.UNKNOWN, before.health(), OperationStatus.FAILED,
                "not found in Git while a file fails to load, which may define it: " + kept.reason(), revision, before);
    }
}
