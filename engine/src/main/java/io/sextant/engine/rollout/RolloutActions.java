package io.sextant.engine.rollout;

import io.sextant.appliers.api.Applier;
import io.sextant.engine.audit.AuditEntry;
import io.sextant.engine.audit.AuditEvent;
import io.sextant.engine.audit.AuditStore;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.events.AuditRecorded;
import io.sextant.engine.status.OperationStatus;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.SyncStatus;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a rollout does to the world: runs the canary beside the stable version on the backend (as a second
 * resource named {@code <name>--canary}, so any applier can run it), promotes or aborts, and records each
 * ending as one audit event and the resource's status.
 */
final class RolloutActions {

    static final String CANARY_SUFFIX = "--canary";
    private static final Logger log = LoggerFactory.getLogger(RolloutActions.class);

    private final BackendRegistry backends;
    private final ResourceTracker tracker;
    private final AuditStore audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final RouteShift routes;

    RolloutActions(BackendRegistry backends, ResourceTracker tracker, AuditStore audit, ApplicationEventPublisher events,
                   Clock clock, RouteShift routes) {
        this.routes = routes;
        this.backends = backends;
        this.tracker = tracker;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    static ResourceKey canaryKey(ResourceKey key) {
        return new ResourceKey(key.kind(), key.namespace(), key.name() + CANARY_SUFFIX);
    }

    /** Runs the new version beside the stable one, with the replicas its spec asks for. */
    ObservedResource startCanary(Change change) throws BackendException {
        return startCanary(change, null);
    }

    /** Runs the new version beside the stable one with {@code replicas}, or its spec's when null (a surge). */
    ObservedResource startCanary(Change change, Integer replicas) throws BackendException {
        String name = change.desired().key().name() + CANARY_SUFFIX;
        ObjectNode manifest = (ObjectNode) change.desired().manifest().deepCopy();
        ((ObjectNode) manifest.get("metadata")).put("name", name);
        if (replicas != null) {
            ((ObjectNode) manifest.get("spec")).put("replicas", replicas);
        }
        DesiredResource canary = new DesiredResource(change.definition().renamed(change.desired().resource(), name),
                manifest, change.desired().revision(), change.desired().source());
        return applier(change.backend()).apply(canary);
    }

    /** The canary's health now; unknown when the backend cannot say. */
    Health canaryHealth(RolloutState state) {
        try {
            return applier(state.backend()).observe(canaryKey(state.key())).map(ObservedResource::health)
                    .orElse(Health.MISSING);
        } catch (BackendException e) {
            return Health.UNKNOWN;
        }
    }

    /** The canary becomes the stable version: the new spec is applied to the stable resource, the canary removed. */
    void promote(RolloutState state, Change change) throws BackendException {
        promote(state, change, null);
    }

    /** As {@link #promote(RolloutState, Change)}, asked for by {@code actor} (null: the engine on its own). */
    void promote(RolloutState state, Change change, AuditEvent.Actor actor) throws BackendException {
        long started = System.nanoTime();
        Applier applier = applier(state.backend());
        ObservedResource observed = applier.apply(change.desired());
        routes.restore(state); // traffic off the canary before it goes
        applier.delete(canaryKey(state.key()));
        TrackedResource before = tracker.find(state.key()).orElse(null);
        tracker.put(new TrackedResource(state.key(), state.source(), state.backend(), SyncStatus.SYNCED,
                observed.health(), OperationStatus.SUCCEEDED, "rollout of " + state.shortCanary() + " promoted",
                change.commit().id(), change.commit().id(), clock.instant(), change.desired().manifest(),
                observed.manifest(), List.of(), before == null ? null : before.driftReported(), null, null));
        record(change, state, "rollout-promoted", "succeeded", null, (System.nanoTime() - started) / 1_000_000, actor);
    }

    /**
     * Traffic back on stable and the canary scaled down (removed); the resource is Degraded with why, and the
     * stable version is left exactly as it was.
     */
    void abort(RolloutState state, Change change, String why) {
        abort(state, change, why, null);
    }

    /** As {@link #abort(RolloutState, Change, String)}, asked for by {@code actor} (null: the engine). */
    void abort(RolloutState state, Change change, String why, AuditEvent.Actor actor) {
        long started = System.nanoTime();
        try {
            routes.restore(state); // traffic back on stable first, while the canary still serves
        } catch (BackendException e) {
            log.warn("rollout of {} aborted but its routes could not be put back: {}", state.key(), e.getMessage());
            why += " (its routes could not be put back on stable: " + e.getMessage() + ")";
        }
        try {
            applier(state.backend()).delete(canaryKey(state.key()));
        } catch (BackendException e) {
            // The verdict stands: traffic is already off the canary; its removal is retried by nothing yet.
            log.warn("rollout of {} aborted but its canary could not be removed: {}", state.key(), e.getMessage());
            why += " (the canary could not be removed: " + e.getMessage() + ")";
        }
        String message = why;
        tracker.find(state.key()).ifPresent(r -> tracker.put(new TrackedResource(r.key(), r.source(), r.backend(),
                SyncStatus.OUT_OF_SYNC, Health.DEGRADED, OperationStatus.FAILED, message, change.commit().id(),
                r.appliedRevision(), r.lastSyncedAt(), r.desired(), r.observed(), r.diff(), r.driftReported(),
                r.appliedDigest(), null)));
        record(change, state, "rollout-aborted", "failed", why, (System.nanoTime() - started) / 1_000_000, actor);
    }

    /** The routes in front of the rollout's deployment; the controller shifts them at each weight step. */
    RouteShift routes() {
        return routes;
    }

    private void record(Change change, RolloutState state, String action, String outcome, String error,
                        long durationMs, AuditEvent.Actor actor) {
        ResourceKey key = state.key();
        AuditEvent event = audit.append(new AuditEntry(state.source(), change.commit().id(), change.commit().author(),
                change.commit().message(), null, List.of(), change.trigger(),
                new AuditEvent.ResourceRef(key.kind().apiName(), key.namespace(), key.name()), state.backend(),
                action, JsonNodeFactory.instance.arrayNode(), outcome, error, durationMs, null, actor));
        events.publishEvent(new AuditRecorded(event));
        log.info("source={} commit={} resource={} backend={} action={} outcome={}{}", state.source(),
                state.shortCanary(), key, state.backend(), action, outcome, error == null ? "" : " error=" + error);
    }

    private Applier applier(String backend) throws BackendException {
        Optional<Applier> applier = backends.find(backend);
        if (applier.isEmpty()) {
            throw BackendException.permanent("backend " + backend + " is no longer configured", null);
        }
        return applier.get();
    }
}
