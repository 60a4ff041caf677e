package io.sextant.engine.rollout;

import io.sextant.appliers.api.Applier;
import io.sextant.drift.api.DriftDetector;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.BindContext;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.api.Kinds;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves the traffic of the resources in front of a rolling deployment (routes: whatever kind can
 * {@link KindDefinition#shiftTraffic shift traffic}): each is applied to its backend with the canary's share of
 * the deployment's weight on {@code <name>--canary}, and back to its Git form when the rollout ends. Git is
 * never changed: the split lives on the backend while the rollout's journaled weight says so, and that is what
 * a drift scan compares the route with ({@link #hold}).
 */
final class RouteShift {

    private final BackendRegistry backends;
    private final ResourceTracker tracker;
    private final Kinds kinds;
    private final DriftDetector detector;

    RouteShift(BackendRegistry backends, ResourceTracker tracker, Kinds kinds, DriftDetector detector) {
        this.backends = backends;
        this.tracker = tracker;
        this.kinds = kinds;
        this.detector = detector;
    }

    /** Every route in front of the rolling deployment, with {@code percent} of its traffic on the canary. */
    void shift(RolloutState state, int percent) throws BackendException {
        for (TrackedResource route : tracker.all()) {
            Optional<DesiredResource> shifted = shifted(route, state, percent);
            if (shifted.isPresent()) {
                applier(route.backend()).apply(shifted.get());
                note(route.key(), shiftedMessage(state, percent, false));
            }
        }
    }

    /** Every route in front of the deployment back to its Git form; the canary is still there. */
    void restore(RolloutState state) throws BackendException {
        for (TrackedResource route : tracker.all()) {
            if (shifted(route, state, 0).isPresent()) {
                applier(route.backend()).apply(new DesiredResource(bound(route).orElseThrow(), route.desired(),
                        route.appliedRevision()));
                note(route.key(), "traffic back as in Git after the rollout of " + state.key().name() + " to "
                        + state.shortCanary());
            }
        }
    }

    /**
     * Why a step of a route must not apply its Git form: a rollout in {@code shifting} holds it shifted. The
     * shifted form is live (or put back, when someone changed it out of band), so a drift scan neither flags
     * nor "heals" it. Empty when no rollout shifts this route.
     */
    Optional<String> hold(DesiredResource desired, String backend, Supplier<List<RolloutState>> shifting)
            throws BackendException {
        KindDefinition definition = kinds.definition(desired.key().kind());
        if (!carriesTraffic(definition, desired.resource())) {
            return Optional.empty(); // most steps: no rollout journal read for them
        }
        for (RolloutState state : shifting.get()) {
            if (!state.key().namespace().equals(desired.key().namespace())) {
                continue;
            }
            Optional<Resource> shifted = definition.shiftTraffic(desired.resource(), state.key().name(),
                    canary(state), state.weight());
            if (shifted.isEmpty()) {
                continue;
            }
            DesiredResource expected = new DesiredResource(shifted.get(),
                    manifest(definition, desired.manifest(), shifted.get()), desired.revision());
            Applier applier = applier(backend);
            Optional<ObservedResource> live = applier.observe(desired.key());
            boolean putBack = live.isEmpty() || !detector.diff(applier.type(), desired.key(), expected.manifest(),
                    live.get().manifest()).isEmpty();
            if (putBack) {
                applier.apply(expected);
            }
            return Optional.of(shiftedMessage(state, state.weight(), putBack));
        }
        return Optional.empty();
    }

    /** Whether the kind can shift this resource's traffic at all (it sends some to a deployment). */
    private static boolean carriesTraffic(KindDefinition definition, Resource resource) {
        return definition.references(resource).stream()
                .anyMatch(r -> definition.shiftTraffic(resource, r.target().name(), "", 0).isPresent());
    }

    /** The tracked resource shifted for the rollout, when it is one that sends the deployment traffic. */
    private Optional<DesiredResource> shifted(TrackedResource route, RolloutState state, int percent) {
        if (route.desired() == null || route.backend() == null
                || !route.key().namespace().equals(state.key().namespace()) || !kinds.knows(route.key().kind())
                || !route.desired().toString().contains('"' + state.key().name() + '"')) {
            return Optional.empty(); // cheap test first: only a manifest naming the deployment is bound
        }
        KindDefinition definition = kinds.definition(route.key().kind());
        return bound(route).flatMap(resource -> definition.shiftTraffic(resource, state.key().name(), canary(state),
                percent)).map(s -> new DesiredResource(s, manifest(definition, route.desired(), s),
                route.appliedRevision()));
    }

    /** The typed resource of a tracked Git manifest, read back through its kind; empty if it does not read. */
    private Optional<Resource> bound(TrackedResource route) {
        JsonNode manifest = route.desired();
        Map<String, String> labels = new LinkedHashMap<>();
        manifest.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        boolean[] failed = {false};
        Resource resource = kinds.definition(route.key().kind()).bind(
                new Metadata(route.key().name(), route.key().namespace(), labels), manifest.path("spec"),
                new BindContext() {
                    @Override
                    public ResourceKey reference(String field, String text) {
                        failed[0] = true; // routes refer by plain names; a kind with references is not one
                        return null;
                    }

                    @Override
                    public void problem(String field, String message) {
                        failed[0] = true;
                    }
                });
        return failed[0] || resource == null ? Optional.empty() : Optional.of(resource);
    }

    private static JsonNode manifest(KindDefinition definition, JsonNode git, Resource shifted) {
        ObjectNode copy = (ObjectNode) git.deepCopy();
        copy.set("spec", definition.spec(shifted));
        return copy;
    }

    private static String canary(RolloutState state) {
        return state.key().name() + RolloutActions.CANARY_SUFFIX;
    }

    private static String shiftedMessage(RolloutState state, int percent, boolean putBack) {
        return "traffic shifted by the rollout of " + state.key().name() + " to " + state.shortCanary() + ": "
                + percent + "% of its share on " + canary(state) + " (Git unchanged"
                + (putBack ? "; a change made out of band was put back" : "") + ")";
    }

    private void note(ResourceKey key, String message) {
        tracker.find(key).ifPresent(r -> tracker.put(r.withMessage(message)));
    }

    private Applier applier(String backend) throws BackendException {
        return backends.find(backend).orElseThrow(
                () -> BackendException.permanent("backend " + backend + " is no longer configured", null));
    }
}
