package io.sextant.engine.reconcile;

import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.SpecError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Why the commit a run worked on is not fully applied, from the statuses as they stand after the run (not
 * from what the run itself did: a resource backing off after a failure is not retried by every run, yet
 * its commit is still not applied). Null when nothing keeps it: every resource applied or settled, nothing
 * blocked or failed, nothing left waiting (auto-sync off), no spec errors. A resource left live because
 * pruning is off does not count: that is the configured behaviour, not a failure.
 */
final class NotApplied {

    private NotApplied() {
    }

    static String reason(List<SpecError> errors, Collection<TrackedResource> statuses) {
        List<String> parts = new ArrayList<>();
        statuses.stream().filter(r -> r.operation() == OperationStatus.BLOCKED).map(TrackedResource::message)
                .sorted().findFirst().ifPresent(message -> parts.add("blocked: " + message));
        long failed = statuses.stream().filter(NotApplied::failed).count();
        if (failed > 0) {
            parts.add(count(failed, "resource") + " failed");
        }
        long waiting = statuses.stream().filter(NotApplied::waiting).count();
        if (waiting > 0) {
            parts.add(count(waiting, "change") + " not applied");
        }
        if (!errors.isEmpty()) {
            parts.add(count(errors.size(), "spec error"));
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    /**
     * Whether an attempt on the resource failed. A resource left alone because of spec errors also says
     * Failed, with Unknown sync and no failure being retried: that is counted once, as its spec error.
     */
    private static boolean failed(TrackedResource r) {
        return r.operation() == OperationStatus.FAILED && !(r.sync() == SyncStatus.UNKNOWN && r.failure() == null);
    }

    /**
     * A change of the commit that was neither applied nor refused: auto-sync off, say. Drift (live moved
     * away from the manifest applied) and a resource left live with pruning off are not changes of the
     * commit; failed and blocked ones are counted as such.
     */
    private static boolean waiting(TrackedResource r) {
        return r.sync() == SyncStatus.OUT_OF_SYNC && r.desired() != null
                && r.operation() != OperationStatus.FAILED && r.operation() != OperationStatus.BLOCKED
                && !ManifestDigest.of(r.desired()).equals(r.appliedDigest());
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
