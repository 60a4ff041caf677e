package io.sextant.engine.reconcile;

import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import java.util.List;
import java.util.Map;

/**
 * Desired vs live for the resources a reconcile looks at: the ordered steps to take, and the status
 * of everything looked at that needs no step.
 *
 * @param steps     ordered plan
 * @param statuses  status of each looked-at resource as it stands now, before any step runs
 * @param errors    every spec error of the commit (file, line, field, message)
 * @param kept      resources live state keeps as they are because of spec errors, by key
 */
record Assessment(List<PlanStep> steps, Map<ResourceKey, io.sextant.engine.status.TrackedResource> statuses,
                  List<SpecError> errors, List<KeptResource> kept) {}
