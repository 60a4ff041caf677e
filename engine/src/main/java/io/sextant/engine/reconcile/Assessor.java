package io.sextant.engine.reconcile;

import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.drift.api.DriftDetector;
import io.sextant.drift.api.FieldChange;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.Failure;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import io.sextant.spec.api.SpecDocument;
import io.sextant.plugin.SpecError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Observes the resources a reconcile looks at, diffs them against Git and turns the differences into
 * plan steps. Invalid resources, and resources of files that fail to load, are reported and left alone.
 */
final class Assessor {

    private final Kinds kinds;
    private final BackendRegistry backends;
    private final DriftDetector detector;
    private final BackendCalls calls;

    private final Backoff backoff;
    private final RandomGenerator random;

    Assessor(Kinds kinds, BackendRegistry backends, DriftDetector detector, BackendCalls calls, Backoff backoff,
             RandomGenerator random) {
        this.kinds = kinds;
        this.backends = backends;
        this.detector = detector;
        this.calls = calls;
        this.backoff = backoff;
        this.random = random;
    }

    /**
     * What assessing one resource came to: a step to take (or null), its new status when it has one, and
     * whether live state keeps it as it is because of spec errors (or null).
     */
    private record Verdict(ResourceKey key, PlanStep step, boolean hasStatus, TrackedResource status,
                           KeptResource kept) {

        static Verdict of(ResourceKey key, PlanStep step, TrackedResource status) {
            return new Verdict(key, step, true, status, null);
        }

        static Verdict kept(TrackedResource status, KeptResource kept) {
            return new Verdict(status.key(), null, true, status, kept);
        }

        static final Verdict NOTHING = new Verdict(null, null, false, null, null);
    }

    /**
     * @param source   the source name
     * @param desired  the specs at the commit
     * @param errors   every spec error of the commit
     * @param lookAt   the resources to observe and diff
     * @param tracked  what the engine managed before, for this source, by key (null when nothing)
     * @param now      the run's time, from which a failure to observe backs off
     */
    Assessment assess(String source, DesiredState desired, List<SpecError> errors, Set<ResourceKey> lookAt,
                      Function<ResourceKey, TrackedResource> tracked, Instant now) {
        Map<ResourceKey, SpecDocument> byKey = desired.byKey();
        Map<ResourceKey, List<SpecError>> errorsByKey = errors.stream().filter(e -> e.resource() != null)
                .collect(Collectors.groupingBy(SpecError::resource));
        Map<String, List<SpecError>> errorsByFile = errors.stream().filter(e -> e.resource() == null)
                .collect(Collectors.groupingBy(SpecError::file));
        String revision = desired.commit().id();
        List<SpecError> loadErrors = desired.fileErrors();
        List<SpecError> unknownFiles = desired.unknownFileErrors();
        // Observing is a backend call per resource: the calls run concurrently, the results are merged here.
        List<Verdict> verdicts = calls.map(List.copyOf(lookAt), key -> {
            SpecDocument doc = byKey.get(key);
            TrackedResource before = tracked.apply(key);
            if (doc == null) {
                return before == null ? Verdict.NOTHING : assessRemoval(source, revision, before, unknownFiles, now);
            }
            List<SpecError> problems = new ArrayList<>(errorsByKey.getOrDefault(key, List.of()));
            problems.addAll(errorsByFile.getOrDefault(doc.file(), List.of()));
            if (problems.isEmpty() && !loadErrors.isEmpty()
                    && kinds.dependsOn(doc.resource()).stream().anyMatch(k -> !byKey.containsKey(k))) {
                problems.addAll(loadErrors); // it refers to what a file that fails to load may define
            }
            if (!problems.isEmpty()) {
                KeptResource kept = LeftAlone.kept(kinds, key, doc, byKey, before, problems);
                TrackedResource status = LeftAlone.invalid(source, revision, doc, before, kept);
                return before == null ? Verdict.of(key, null, status) : Verdict.kept(status, kept);
            }
            return assessDesired(source, revision, doc, byKey, before, now);
        });
        List<PlanStep> steps = new ArrayList<>();
        Map<ResourceKey, TrackedResource> statuses = new HashMap<>();
        List<KeptResource> kept = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            if (verdict.step() != null) {
                steps.add(verdict.step());
            }
            if (verdict.hasStatus()) {
                statuses.put(verdict.key(), verdict.status());
            }
            if (verdict.kept() != null) {
                kept.add(verdict.kept());
            }
        }
        kept.sort(Comparator.comparing(KeptResource::key));
        return new Assessment(Planner.order(steps, kinds.applyOrder()), statuses, errors, kept);
    }

    /** The kinds it assesses by. */
    Kinds kinds() {
        return kinds;
    }

    /** The backend {@code key}'s resource of {@code desired} would live on, or null. */
    String backendOf(DesiredState desired, ResourceKey key) {
        SpecDocument doc = desired.byKey().get(key);
        return doc == null ? null : Backends.of(kinds, doc.resource(), desired.byKey());
    }

    private Verdict assessDesired(String source, String revision, SpecDocument doc, Map<ResourceKey, SpecDocument> byKey,
                                  TrackedResource before, Instant now) {
        if (kinds.definition(doc.key().kind()).engineSide()) {
            return Verdict.of(doc.key(), null, engineSide(source, revision, doc, before, now));
        }
        String backendName = Backends.of(kinds, doc.resource(), byKey);
        Optional<Applier> applier = backendName == null ? Optional.empty() : backends.find(backendName);
        if (applier.isEmpty()) {
            return Verdict.of(doc.key(), null, status(doc.key(), source, backendName, doc.manifest(), null, List.of(),
                    SyncStatus.UNKNOWN, Health.UNKNOWN, OperationStatus.FAILED,
                    "backend '" + backendName + "' is not configured", revision, before));
        }
        ObservedResource observed;
        try {
            observed = applier.get().observe(doc.key()).orElse(null);
        } catch (BackendException e) {
            return Verdict.of(doc.key(), null, cannotObserve(doc.key(), source, backendName, doc.manifest(), e,
                    revision, before, now));
        }
        JsonNode live = observed == null ? null : observed.manifest();
        List<FieldChange> diff = detector.diff(applier.get().type(), doc.key(), doc.manifest(), live);
        Health health = observed == null ? Health.MISSING : observed.health();
        String message = observed == null ? "" : observed.message();
        if (observed == null || !diff.isEmpty()) {
            Action action = observed == null ? Action.CREATE : Action.UPDATE;
            boolean drift = isDrift(before, doc.manifest());
            PlanStep step = new PlanStep(action, doc.key(), backendName, new DesiredResource(doc.resource(),
                    doc.manifest(), revision, source), diff, kinds.dependsOn(doc.resource()), drift);
            if (drift && PlanStep.driftFingerprint(action, diff).equals(before.driftReported())) {
                message = before.message(); // the same drift, already explained (self-heal off): keep saying so
            }
            if (before != null && before.failure() != null && before.failure().commit() != null
                    && before.failure().commit().equals(revision)) {
                message = before.message(); // still failing: the backend's own message stays until it is retried
            }
            if (before != null && before.operation() == OperationStatus.BLOCKED && revision.equals(before.desiredRevision())) {
                // Still held (a window, a policy, a gate) at this commit: a look at live state, such as a drift
                // scan's, must not replace why the change waits with the backend's progress message.
                message = before.message();
            }
            return Verdict.of(doc.key(), step, status(doc.key(), source, backendName, doc.manifest(), live, diff,
                    SyncStatus.OUT_OF_SYNC, health, before == null ? OperationStatus.NONE : before.operation(), message,
                    revision, before));
        }
        return Verdict.of(doc.key(), null, status(doc.key(), source, backendName, doc.manifest(), live, diff,
                SyncStatus.SYNCED, health, settled(before), message, revision, before, now));
    }

    /** Whether resources of {@code key}'s kind are the engine's own (sync windows), applied by no backend. */
    boolean engineSide(ResourceKey key) {
        return kinds.definition(key.kind()).engineSide();
    }

    /**
     * A resource the engine itself reads (a sync window): in effect as soon as it is valid in Git, so it is
     * Synced and applied at this commit once its manifest is recorded; no backend is asked. Its "live" state
     * is the manifest in force, so that when its file breaks, {@link LeftAlone#invalid} keeps that version in
     * force as it keeps any live resource, instead of the broken file dissolving (say) a freeze.
     */
    private static TrackedResource engineSide(String source, String revision, SpecDocument doc, TrackedResource before,
                                              Instant now) {
        String digest = ManifestDigest.of(doc.manifest());
        boolean same = before != null && digest.equals(before.appliedDigest()) && before.appliedRevision() != null;
        return new TrackedResource(doc.key(), source, null, SyncStatus.SYNCED, Health.HEALTHY,
                OperationStatus.SUCCEEDED, "", revision, same ? before.appliedRevision() : revision,
                same ? before.lastSyncedAt() : now, doc.manifest(), doc.manifest(), List.of(), null, digest, null);
    }

    /**
     * The operation of a resource found in sync: a failure or block that live state no longer shows is
     * over, so it no longer says Failed or Blocked; otherwise the last operation stands.
     */
    static OperationStatus settled(TrackedResource before) {
        if (before == null) {
            return OperationStatus.NONE;
        }
        return switch (before.operation()) {
            case FAILED, BLOCKED -> before.appliedRevision() == null ? OperationStatus.NONE : OperationStatus.SUCCEEDED;
            default -> before.operation();
        };
    }

    /**
     * Live state moved away from the very manifest recorded as live (its digest is on the stored status):
     * drift, not a change to apply. A replica's in-memory copy of the specs never decides this: a spec it
     * holds that differs from what was applied is a change, which goes through the gates.
     */
    private static boolean isDrift(TrackedResource before, JsonNode manifest) {
        return before != null && before.appliedDigest() != null
                && before.appliedDigest().equals(ManifestDigest.of(manifest));
    }

    /**
     * The backend could not be asked: Unknown, with the backend's own message, retried with backoff (the
     * same failure at the same commit counts its attempts).
     */
    private TrackedResource cannotObserve(ResourceKey key, String source, String backendName, JsonNode desired,
                                          BackendException e, String revision, TrackedResource before, Instant now) {
        String message = "cannot observe on backend '" + backendName + "': " + e.getMessage();
        String failureKey = Sha256.of(revision, "observe", message);
        Failure previous = before == null ? null : before.failure();
        int attempts = previous != null && previous.key().equals(failureKey) ? previous.attempts() + 1 : 1;
        Failure failure = new Failure(failureKey, revision, attempts, now.plus(backoff.delayAfter(attempts, random)));
        return status(key, source, backendName, desired, null, List.of(), SyncStatus.UNKNOWN, Health.UNKNOWN,
                OperationStatus.FAILED, attempts > 1 ? message + " (attempt " + attempts + ")" : message, revision,
                before).withFailure(failure);
    }

    /**
     * @param unknownFiles load errors of files whose resources are unknown: while there are any, a live
     *                     resource missing from Git may be defined in one of them, so it is kept, not deleted
     */
    private Verdict assessRemoval(String source, String revision, TrackedResource before, List<SpecError> unknownFiles,
                                  Instant now) {
        if (before.backend() == null) {
            if (!unknownFiles.isEmpty() && before.observed() != null && kinds.definition(before.key().kind()).engineSide()) {
                // An engine-side resource in force (a freeze) whose file may be the one failing to load: it stays.
                KeptResource kept = new KeptResource(before.key(), null, unknownFiles, before.appliedRevision());
                return Verdict.kept(LeftAlone.inForce(source, revision, before, kept), kept);
            }
            // Never placed on a backend (it was invalid while in Git): nothing live to delete, nothing to show.
            return Verdict.of(before.key(), null, null);
        }
        Optional<Applier> applier = backends.find(before.backend());
        if (applier.isEmpty()) {
            return Verdict.NOTHING; // its backend left the configuration: nothing Sextant can delete
        }
        try {
            Optional<ObservedResource> observed = applier.get().observe(before.key());
            if (observed.isEmpty()) {
                return Verdict.of(before.key(), null, null); // already gone: forget it
            }
            if (!unknownFiles.isEmpty()) {
                KeptResource kept = new KeptResource(before.key(), before.backend(), unknownFiles, before.appliedRevision());
                return Verdict.kept(LeftAlone.unplaced(source, revision, before, observed.get(), kept), kept);
            }
            List<FieldChange> diff = List.of(new FieldChange("remove", "/spec",
                    observed.get().manifest().get("spec"), null));
            return Verdict.of(before.key(), new PlanStep(Action.DELETE, before.key(), before.backend(), null, diff,
                    List.of()), status(before.key(), source, before.backend(), null, observed.get().manifest(), diff,
                    SyncStatus.OUT_OF_SYNC, observed.get().health(), before.operation(), "removed from Git",
                    revision, before));
        } catch (BackendException e) {
            return Verdict.of(before.key(), null, cannotObserve(before.key(), source, before.backend(), null, e,
                    revision, before, now));
        }
    }

    /**
     * A status that carries over what the engine already knew: applied revision and digest, last sync time,
     * the drift already reported and the failure being retried. In sync, the live manifest is this
     * desired one (its digest is recorded) and any failure is over.
     */
    static TrackedResource status(ResourceKey key, String source, String backend, JsonNode desired, JsonNode observed,
                                  List<FieldChange> diff, SyncStatus sync, Health health, OperationStatus operation,
                                  String message, String revision, TrackedResource before) {
        return status(key, source, backend, desired, observed, diff, sync, health, operation, message, revision, before,
                Instant.now());
    }

    /**
     * {@link #status} stamping a first sync at {@code now}, the run's time on the engine's clock, which the progress
     * deadline is measured against.
     */
    static TrackedResource status(ResourceKey key, String source, String backend, JsonNode desired, JsonNode observed,
                                  List<FieldChange> diff, SyncStatus sync, Health health, OperationStatus operation,
                                  String message, String revision, TrackedResource before, Instant now) {
        String applied = before == null ? null : before.appliedRevision();
        Instant lastSynced = before == null ? null : before.lastSyncedAt();
        if (sync == SyncStatus.SYNCED && applied == null) {
            applied = revision; // live already matches this commit's spec
            lastSynced = now;
        }
        boolean synced = sync == SyncStatus.SYNCED;
        String drift = synced || before == null ? null : before.driftReported();
        String digest = synced ? ManifestDigest.of(desired) : before == null ? null : before.appliedDigest();
        Failure failure = synced || before == null ? null : before.failure();
        return new TrackedResource(key, source, backend, sync, health, operation, message, revision, applied,
                lastSynced, desired, observed, diff, drift, digest, failure);
    }
}
