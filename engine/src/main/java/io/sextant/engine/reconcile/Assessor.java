package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.BackendException;
import io.sextant.appliers.api.DesiredResource;
import io.sextant.appliers.api.Health;
import io.sextant.appliers.api.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.TrackedResource;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Observes the resources a reconcile looks at, diffs them against Git and turns the differences into
 * plan steps. Invalid resources, and resources of files that fail to load, are reported and left alone.
 */
final class Assessor {

    private final BackendRegistry backends;
    private final DriftDetector detector;

    Assessor(BackendRegistry backends, DriftDetector detector) {
        this.backends = backends;
        this.detector = detector;
    }

    /**
     * @param source   the source name
     * @param desired  the specs at the commit
     * @param errors   every spec error of the commit
     * @param lookAt   the resources to observe and diff
     * @param tracked  what the engine managed before, for this source
     */
    Assessment assess(String source, DesiredState desired, List<SpecError> errors, Set<ResourceKey> lookAt,
                      Map<ResourceKey, TrackedResource> tracked) {
        Map<ResourceKey, SpecDocument> byKey = desired.byKey();
        Map<ResourceKey, List<SpecError>> errorsByKey = errors.stream().filter(e -> e.resource() != null)
                .collect(Collectors.groupingBy(SpecError::resource));
        Map<String, List<SpecError>> errorsByFile = errors.stream().filter(e -> e.resource() == null)
                .collect(Collectors.groupingBy(SpecError::file));
        String revision = desired.commit().id();
        List<PlanStep> steps = new ArrayList<>();
        Map<ResourceKey, TrackedResource> statuses = new HashMap<>();
        for (ResourceKey key : lookAt) {
            SpecDocument doc = byKey.get(key);
            TrackedResource before = tracked.get(key);
            if (doc == null) {
                if (before != null) {
                    assessRemoval(source, revision, before, steps, statuses);
                }
                continue;
            }
            List<SpecError> problems = new ArrayList<>(errorsByKey.getOrDefault(key, List.of()));
            problems.addAll(errorsByFile.getOrDefault(doc.file(), List.of()));
            if (!problems.isEmpty()) {
                statuses.put(key, invalid(source, revision, doc, before, problems));
                continue;
            }
            assessDesired(source, revision, doc, byKey, before, steps, statuses);
        }
        return new Assessment(Planner.order(steps), statuses, errors);
    }

    private void assessDesired(String source, String revision, SpecDocument doc, Map<ResourceKey, SpecDocument> byKey,
                               TrackedResource before, List<PlanStep> steps, Map<ResourceKey, TrackedResource> statuses) {
        String backendName = Backends.of(doc.resource(), byKey);
        Optional<Applier> applier = backendName == null ? Optional.empty() : backends.find(backendName);
        if (applier.isEmpty()) {
            statuses.put(doc.key(), status(doc.key(), source, backendName, doc.manifest(), null, List.of(), SyncStatus.UNKNOWN,
                    Health.UNKNOWN, OperationStatus.FAILED, "backend '" + backendName + "' is not configured",
                    revision, before));
            return;
        }
        ObservedResource observed;
        try {
            observed = applier.get().observe(doc.key()).orElse(null);
        } catch (BackendException e) {
            statuses.put(doc.key(), status(doc.key(), source, backendName, doc.manifest(), null, List.of(), SyncStatus.UNKNOWN,
                    Health.UNKNOWN, OperationStatus.FAILED, "cannot observe on backend '" + backendName + "': "
                            + e.getMessage(), revision, before));
            return;
        }
        JsonNode live = observed == null ? null : observed.manifest();
        List<FieldChange> diff = detector.diff(applier.get().type(), doc.key(), doc.manifest(), live);
        Health health = observed == null ? Health.MISSING : observed.health();
        String message = observed == null ? "" : observed.message();
        if (observed == null || !diff.isEmpty()) {
            Action action = observed == null ? Action.CREATE : Action.UPDATE;
            steps.add(new PlanStep(action, doc.key(), backendName, new DesiredResource(doc.resource(), doc.manifest(),
                    revision), diff, doc.resource().dependsOn(), isDrift(before, doc)));
            statuses.put(doc.key(), status(doc.key(), source, backendName, doc.manifest(), live, diff, SyncStatus.OUT_OF_SYNC,
                    health, before == null ? OperationStatus.NONE : before.operation(), message, revision, before));
            return;
        }
        statuses.put(doc.key(), status(doc.key(), source, backendName, doc.manifest(), live, diff, SyncStatus.SYNCED, health,
                before == null ? OperationStatus.NONE : before.operation(), message, revision, before));
    }

    /** Live state moved away from a spec that Git did not change: drift, not a change to apply. */
    private static boolean isDrift(TrackedResource before, SpecDocument doc) {
        return before != null && before.desired() != null && before.desired().equals(doc.manifest())
                && (before.sync() == SyncStatus.SYNCED || before.driftReported() != null);
    }

    private void assessRemoval(String source, String revision, TrackedResource before, List<PlanStep> steps,
                               Map<ResourceKey, TrackedResource> statuses) {
        Optional<Applier> applier = before.backend() == null ? Optional.empty() : backends.find(before.backend());
        if (applier.isEmpty()) {
            return; // its backend left the configuration: nothing Sextant can delete
        }
        try {
            Optional<ObservedResource> observed = applier.get().observe(before.key());
            if (observed.isEmpty()) {
                statuses.put(before.key(), null); // already gone: forget it
                return;
            }
            List<FieldChange> diff = List.of(new FieldChange("remove", "/spec",
                    observed.get().manifest().get("spec"), null));
            steps.add(new PlanStep(Action.DELETE, before.key(), before.backend(), null, diff, List.of()));
            statuses.put(before.key(), status(before.key(), source, before.backend(), null, observed.get().manifest(), diff,
                    SyncStatus.OUT_OF_SYNC, observed.get().health(), before.operation(), "removed from Git",
                    revision, before));
        } catch (BackendException e) {
            statuses.put(before.key(), status(before.key(), source, before.backend(), null, null, List.of(), SyncStatus.UNKNOWN,
                    Health.UNKNOWN, OperationStatus.FAILED, "cannot observe on backend '" + before.backend() + "': "
                            + e.getMessage(), revision, before));
        }
    }

    private static TrackedResource invalid(String source, String revision, SpecDocument doc, TrackedResource before,
                                           List<SpecError> problems) {
        String message = problems.stream().map(SpecError::toString).collect(Collectors.joining("; "));
        if (before != null && before.appliedRevision() != null) {
            message += " (live state keeps commit " + before.appliedRevision().substring(0, Math.min(7,
                    before.appliedRevision().length())) + ")";
        }
        return new TrackedResource(doc.key(), source, before == null ? null : before.backend(), SyncStatus.UNKNOWN,
                before == null ? Health.MISSING : before.health(), OperationStatus.FAILED, message, revision,
                before == null ? null : before.appliedRevision(), before == null ? null : before.lastSyncedAt(),
                doc.manifest(), before == null ? null : before.observed(), List.of());
    }

    /** A status that carries over what the engine already knew: applied revision and last sync time. */
    static TrackedResource status(ResourceKey key, String source, String backend, JsonNode desired, JsonNode observed,
                                  List<FieldChange> diff, SyncStatus sync, Health health, OperationStatus operation,
                                  String message, String revision, TrackedResource before) {
        String applied = before == null ? null : before.appliedRevision();
        Instant lastSynced = before == null ? null : before.lastSyncedAt();
        if (sync == SyncStatus.SYNCED && applied == null) {
            applied = revision; // live already matches this commit's spec
            lastSynced = Instant.now();
        }
        String drift = sync == SyncStatus.SYNCED || before == null ? null : before.driftReported();
        return new TrackedResource(key, source, backend, sync, health, operation, message, revision, applied,
                lastSynced, desired, observed, diff, drift);
    }
}
