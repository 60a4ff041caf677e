package io.sextant.engine.rollout;

import io.sextant.appliers.api.Applier;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.status.ResourceTracker;
import io.sextant.engine.status.TrackedResource;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.InferenceRoute;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Moves the traffic of the InferenceRoutes in front of a rolling deployment: each route whose Git targets
 * include it is applied to its backend with that target's weight split between the stable deployment and
 * {@code <name>--canary}, and back to its Git weights when the rollout ends. Git is never changed: the split
 * lives only on the backend while the rollout's journaled weight says so, which is what a drift scan is
 * compared against ({@link #hold}). Routes are InferenceRoutes by name because weights are what this
 * feature moves; a kind without targets has nothing to shift.
 */
final class RouteShift {

    private final BackendRegistry backends;
    private final ResourceTracker tracker;

    RouteShift(BackendRegistry backends, ResourceTracker tracker) {
        this.backends = backends;
        this.tracker = tracker;
    }

    /** Every route in front of the rolling deployment, with {@code percent} of its traffic on the canary. */
    void shift(RolloutState state, int percent) throws BackendException {
        for (TrackedResource route : routesOf(state.key())) {
            apply(route.backend(), route.key(), shifted(route.desired(), state.key().name(), percent));
            note(route.key(), "weights shifted by the rollout of " + state.key().name() + " to "
                    + state.shortCanary() + ": " + percent + "% of its traffic on " + state.key().name()
                    + RolloutActions.CANARY_SUFFIX + " (Git unchanged)");
        }
    }

    /** Every route in front of the deployment back on its Git weights; the canary is still there. */
    void restore(RolloutState state) throws BackendException {
        for (TrackedResource route : routesOf(state.key())) {
            apply(route.backend(), route.key(), route.desired());
            note(route.key(), "weights back as in Git after the rollout of " + state.key().name() + " to "
                    + state.shortCanary());
        }
    }

    /**
     * Why a route step must not apply its Git weights: a rollout in {@code shifting} holds it shifted. The
     * shifted weights are live (or put back, when someone changed them out of band) and the step is held,
     * so a drift scan neither flags nor "heals" them. Empty when no rollout shifts the route.
     */
    Optional<String> hold(ResourceKey route, String backend, JsonNode desired, List<RolloutState> shifting)
            throws BackendException {
        if (!route.kind().equals(InferenceRoute.KIND) || desired == null) {
            return Optional.empty();
        }
        for (RolloutState state : shifting) {
            if (state.weight() > 0 && state.key().namespace().equals(route.namespace())
                    && targets(desired).containsKey(state.key().name())) {
                JsonNode expected = shifted(desired, state.key().name(), state.weight());
                Applier applier = applier(backend);
                Optional<ObservedResource> live = applier.observe(route);
                boolean healed = live.isEmpty()
                        || !targets(live.get().manifest()).equals(targets(expected));
                if (healed) {
                    apply(backend, route, expected);
                }
                return Optional.of("weights shifted by the rollout of " + state.key().name() + " to "
                        + state.shortCanary() + ": " + state.weight() + "% of its traffic on " + state.key().name()
                        + RolloutActions.CANARY_SUFFIX + " (Git unchanged"
                        + (healed ? "; a change made out of band was put back" : "") + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * The route's manifest with the deployment's weight split: {@code percent} of it, rounded to a whole
     * percent, goes to the canary, the rest stays on stable, so the weights still sum as in Git. A share of
     * 0 is left out (a route target of weight 0 means nothing to a backend and some refuse it).
     */
    static JsonNode shifted(JsonNode manifest, String deployment, int percent) {
        ObjectNode copy = (ObjectNode) manifest.deepCopy();
        ArrayNode targets = ((ObjectNode) copy.get("spec")).putArray("targets");
        targets(manifest).forEach((name, weight) -> {
            if (!name.equals(deployment)) {
                targets.addObject().put("deployment", name).put("weight", weight);
                return;
            }
            int canary = Math.round(weight * percent / 100f);
            if (weight - canary > 0) {
                targets.addObject().put("deployment", name).put("weight", weight - canary);
            }
            if (canary > 0) {
                targets.addObject().put("deployment", name + RolloutActions.CANARY_SUFFIX).put("weight", canary);
            }
        });
        return copy;
    }

    /** A route's resolved targets, deployment to weight, in order (a deployment named twice adds up). */
    static Map<String, Integer> targets(JsonNode manifest) {
        Map<String, Integer> targets = new LinkedHashMap<>();
        for (JsonNode target : manifest.path("spec").path("targets")) {
            targets.merge(target.path("deployment").asString(""), target.path("weight").asInt(), Integer::sum);
        }
        return targets;
    }

    private List<TrackedResource> routesOf(ResourceKey deployment) {
        List<TrackedResource> routes = new ArrayList<>();
        for (TrackedResource r : tracker.all()) {
            if (r.key().kind().equals(InferenceRoute.KIND) && r.key().namespace().equals(deployment.namespace())
                    && r.desired() != null && r.backend() != null
                    && targets(r.desired()).containsKey(deployment.name())) {
                routes.add(r);
            }
        }
        return routes;
    }

    /** Applies a route manifest; its typed spec is read back from the manifest, whose targets are resolved. */
    private void apply(String backend, ResourceKey key, JsonNode manifest) throws BackendException {
        List<InferenceRoute.Target> targets = new ArrayList<>();
        targets(manifest).forEach((name, weight) -> targets.add(new InferenceRoute.Target(name, weight)));
        Map<String, String> labels = new LinkedHashMap<>();
        manifest.path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
        InferenceRoute route = new InferenceRoute(new Metadata(key.name(), key.namespace(), labels),
                new InferenceRoute.Spec(manifest.path("spec").path("modelName").asString(), targets));
        String revision = tracker.find(key).map(TrackedResource::appliedRevision).orElse(null);
        applier(backend).apply(new DesiredResource(route, manifest, revision));
    }

    private void note(ResourceKey key, String message) {
        tracker.find(key).ifPresent(r -> tracker.put(r.withMessage(message)));
    }

    private Applier applier(String backend) throws BackendException {
        return backends.find(backend).orElseThrow(
                () -> BackendException.permanent("backend " + backend + " is no longer configured", null));
    }
}
