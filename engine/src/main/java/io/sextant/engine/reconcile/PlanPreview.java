package io.sextant.engine.reconcile;

import io.sextant.engine.status.TrackedResource;
import io.sextant.git.api.CommitInfo;
import io.sextant.plugin.SpecError;
import java.util.List;

/**
 * A dry-run plan: what reconciling {@code commit} would do to live state now.
 *
 * @param source source name
 * @param commit the commit planned
 * @param steps  ordered steps
 * @param errors spec errors of the commit (those resources would be left alone)
 * @param kept   live resources left as they are because of those errors (a file that fails to load
 *               keeps its resources), by key
 * @param engineSide the statuses the commit would give the source's engine-side resources (its sync
 *               windows, each with the version that would be in force), so plans judge steps by the
 *               windows of the commit planned, as the run of that commit does
 */
public record PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors,
                          List<KeptResource> kept, List<SpecError> warnings, List<TrackedResource> engineSide) {

    public PlanPreview {
        steps = List.copyOf(steps);
        errors = List.copyOf(errors);
        kept = List.copyOf(kept);
        warnings = List.copyOf(warnings);
        engineSide = List.copyOf(engineSide);
    }

    /** A plan of a commit that holds no engine-side resources. */
    public PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors,
                       List<KeptResource> kept, List<SpecError> warnings) {
        this(source, commit, steps, errors, kept, warnings, List.of());
    }

    /** A plan without warnings. */
    public PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors,
                       List<KeptResource> kept) {
        this(source, commit, steps, errors, kept, List.of());
    }

    /** A plan that keeps nothing back. */
    public PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors) {
        this(source, commit, steps, errors, List.of());
    }
}
