package io.sextant.engine.reconcile;

import io.sextant.git.api.CommitInfo;
import io.sextant.spec.api.SpecError;
import java.util.List;

/**
 * A dry-run plan: what reconciling {@code commit} would do to live state now.
 *
 * @param source source name
 * @param commit the commit planned
 * @param steps  ordered steps
 * @param errors spec errors of the commit (those resources would be left alone)
 */
public record PlanPreview(String source, CommitInfo commit, List<PlanStep> steps, List<SpecError> errors) {}
