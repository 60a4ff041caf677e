package io.sextant.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sextant.engine.suspend.Suspension;
import io.sextant.engine.suspend.SuspensionStore;
import io.sextant.engine.suspend.Suspensions;

import io.sextant.engine.reconcile.Reconciler;
import io.sextant.engine.reconcile.SourceView;
import io.sextant.engine.security.Visibility;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.git.api.CommitInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/sources}: each source's last fetched and synced commit and its errors. */
@RestController
class SourcesController {

    private final Reconciler reconciler;
    private final SuspensionStore suspensions;
    private final ResourceTracker tracker;

    SourcesController(Reconciler reconciler, SuspensionStore suspensions, ResourceTracker tracker) {
        this.reconciler = reconciler;
        this.suspensions = suspensions;
        this.tracker = tracker;
    }

    record Commit(String id, String shortId, String author, String message, Instant time) {
        static Commit of(CommitInfo c) {
            // Only the id is known of a commit this replica's clone has not fetched yet.
            return c == null ? null : new Commit(c.id(), c.id().substring(0, 7), c.author(),
                    c.message() == null ? null : c.shortMessage(), c.time());
        }
    }

    record SourceError(String path, Integer line, String field, String message) {}

    /**
     * The source's Git failure: what failed, since when, how many attempts in a row, and when polls try
     * again (a webhook or a manual sync tries at once).
     */
    record GitFailureItem(String message, Instant since, int attempts, Instant nextAttemptAt) {}

    /**
     * @param lastSyncedRevision the newest commit fully applied: every step applied, nothing blocked or failed,
     *                           no spec errors
     * @param lastSeenRevision   the newest commit a run worked on
     * @param notAppliedReason   why {@code lastSeenRevision} is not fully applied ("blocked: ...", "2 resources
     *                           failed", "3 spec errors"), or null when it is
     * @param suspended          whether the whole source is suspended (then {@code suspendedBy}, {@code suspendedAt}
     *                           and, when given, {@code suspendReason} say by whom, since when and why)
     */
    record SourceItem(String name, String url, String branch, List<String> paths, String lastFetchedRevision,
                      String lastSyncedRevision, Commit lastFetchedCommit, Commit lastSyncedCommit,
                      List<SourceError> errors, GitFailureItem gitFailure, Instant lastCheckedAt,
                      Instant lastReconciledAt, boolean reconciling, String lastSeenRevision, Commit lastSeenCommit,
                      String notAppliedReason, boolean suspended,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String suspendedBy,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Instant suspendedAt,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String suspendReason) {}

    /**
     * Every source to a caller who sees everything. A person with team roles sees the sources that hold a
     * resource of theirs, and of those only the spec errors about their namespaces: an error that names no
     * resource (a file that does not parse) could be about anyone's, so only engine-wide readers see it.
     */
    @GetMapping("/api/v1/sources")
    Map<String, List<SourceItem>> list() {
        Suspensions suspended = suspensions.all();
        Visibility visible = Visibility.ofCaller();
        Set<String> seen = new HashSet<>();
        if (!visible.everything()) {
            tracker.all().stream().filter(r -> visible.sees(r.key().namespace(), r.backend())).forEach(r -> seen.add(r.source()));
        }
        return Map.of("items", reconciler.sources().stream()
                .filter(v -> visible.everything() || seen.contains(v.name()))
                .map(v -> item(v, suspended.ofSource(v.name()).orElse(null), visible)).toList());
    }

    /** A source as an admin sees it (suspend and resume answer with it). */
    static SourceItem item(SourceView v, Suspension s) {
        return item(v, s, Visibility.ofCaller());
    }

    private static SourceItem item(SourceView v, Suspension s, Visibility visible) {
        List<SourceError> errors = new ArrayList<>();
        if (v.gitError() != null) {
            errors.add(new SourceError(null, null, null, v.gitError()));
        }
        v.errors().stream()
                .filter(e -> visible.everything() || e.resource() != null && visible.seesNamespace(e.resource().namespace()))
                .forEach(e -> errors.add(new SourceError(e.file(), e.line() > 0 ? e.line() : null,
                        e.field().isEmpty() ? null : e.field(), e.toString())));
        return new SourceItem(v.name(), Urls.redact(v.url()), v.branch(), v.paths(),
                v.lastFetched() == null ? null : v.lastFetched().id(),
                v.lastSynced() == null ? null : v.lastSynced().id(),
                Commit.of(v.lastFetched()), Commit.of(v.lastSynced()), errors,
                v.gitFailure() == null ? null : new GitFailureItem(v.gitFailure().message(), v.gitFailure().since(),
                        v.gitFailure().attempts(), v.gitFailure().nextAttemptAt()),
                v.lastCheckedAt(), v.lastReconciledAt(), v.reconciling(),
                v.lastSeen() == null ? null : v.lastSeen().id(), Commit.of(v.lastSeen()), v.notAppliedReason(),
                s != null, s == null ? null : s.suspendedBy(), s == null ? null : s.suspendedAt(),
                s == null ? null : s.reason());
    }
}
