package io.sextant.engine.reconcile;

import io.sextant.engine.source.WatchedSource;
import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.git.api.GitException;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans any commit of a source as the engine's own run would reconcile it, for {@code GET /api/v1/plan},
 * the {@code plan} command and pull request previews: the desired state the engine holds, moved to that
 * commit by the run's incremental loader (so a file that fails to load keeps its last good documents),
 * validated and reported the same way ({@link DesiredState#errors}), then the run's {@link Assessor}.
 * Loading the commit from scratch instead would plan a broken file's live resources as deletions that
 * the engine never makes.
 */
final class PlanPreviewer {

    private static final Logger log = LoggerFactory.getLogger(PlanPreviewer.class);

    private final ReconcileServices services;
    private final RevisionFetches fetches;

    PlanPreviewer(ReconcileServices services, RevisionFetches fetches) {
        this.services = services;
        this.fetches = fetches;
    }

    /**
     * @param held     the desired state the engine holds for the source, or null when it has loaded none
     * @param revision a commit id or ref; one no branch of ours reaches (a pull request's head) is fetched
     * @throws GitException when the revision cannot be found or read
     */
    PlanPreview preview(WatchedSource source, DesiredState held, String revision) throws GitException {
        CommitInfo commit = resolve(source, revision);
        DesiredState desired = load(source, baseline(source, held), commit);
        List<SpecError> errors = desired.errors(services.validator().validate(desired.documents()));
        Map<ResourceKey, TrackedResource> tracked = new HashMap<>();
        services.tracker().ofSource(source.name()).forEach(r -> tracked.put(r.key(), r));
        Set<ResourceKey> lookAt = new HashSet<>(desired.byKey().keySet());
        lookAt.addAll(tracked.keySet());
        Assessment assessment = services.assessor().assess(source.name(), desired, errors, lookAt, tracked::get,
                services.clock().instant());
        List<TrackedResource> engineSide = assessment.statuses().values().stream().filter(Objects::nonNull)
                .filter(r -> r.backend() == null && services.assessor().engineSide(r.key())).toList();
        return new PlanPreview(source.name(), commit, assessment.steps(), errors, assessment.kept(), desired.warnings(),
                engineSide);
    }

    private CommitInfo resolve(WatchedSource source, String revision) throws GitException {
        try {
            return source.git().resolve(revision);
        } catch (GitException notLocal) {
            // a pull request's head (refs/pull/N/head) or a commit no branch of ours reaches yet
            return fetches.fetch(source.name(), revision, () -> source.git().fetchRevision(revision));
        }
    }

    /**
     * What to move from: the state this process holds; else (it has loaded nothing yet, or another replica
     * runs this source's reconciles) the commit the cluster last applied, from the shared record of
     * positions; else nothing, and the commit is loaded from scratch. Resources the engine tracks that
     * a file that fails to load may hold are still kept then: the {@link Assessor} never deletes a resource
     * while a file whose contents it never saw fails to load.
     */
    private DesiredState baseline(WatchedSource source, DesiredState held) {
        if (held != null) {
            return held;
        }
        String applied = services.positions().load(source.name()).lastSyncedRevision();
        if (applied == null) {
            return null;
        }
        try {
            return services.loader().loadFull(source.git(), source.git().resolve(applied));
        } catch (GitException e) {
            log.debug("source={} cannot load the applied commit {} to plan from: {}", source.name(), applied, e.getMessage());
            return null;
        }
    }

    private DesiredState load(WatchedSource source, DesiredState base, CommitInfo commit) throws GitException {
        if (base == null) {
            return services.loader().loadFull(source.git(), commit);
        }
        try {
            return services.loader().loadIncremental(source.git(), base, commit);
        } catch (GitException e) {
            // The base commit may be gone (force push, then garbage collection): as the engine's run does.
            log.debug("source={} cannot diff from {} ({}); loading every file", source.name(), base.commit().id(),
                    e.getMessage());
            return services.loader().loadFull(source.git(), commit);
        }
    }
}
