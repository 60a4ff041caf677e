package io.sextant.engine.reconcile;

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
 */
public record PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors,
                          List<KeptResource> kept) {

    public PlanPreview {
        steps = List.copyOf(steps);
        errors = List.copyOf(errors);
        kept = List.copyOf(kept);
    }

    /** A plan that keeps nothing back. */
    public PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors) {
        this(source, commit, steps, errors, List.of());
    }
}
