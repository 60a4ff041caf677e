package io.sextant.spec.kinds;

import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.RuleContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** An InferenceRoute's targets, named or selected: the route's rule and the field names its errors use. */
final class RouteTargets {

    private RouteTargets() {}

    /**
     * Targets appear once each (named or selected), all share one backend (a
     * route is one backend's traffic split) and their weights sum to 100; that named ones exist is checked
     * from {@link InferenceRouteKind#references}.
     */
    static void check(Resource resource, RuleContext context) {
        InferenceRoute route = (InferenceRoute) resource;
        List<InferenceRoute.Target> targets = route.spec().targets();
        Map<String, Integer> seen = new HashMap<>();
        int firstOnBackend = -1;
        String backend = null;
        int sum = 0;
        for (int i = 0; i < targets.size(); i++) {
            InferenceRoute.Target target = targets.get(i);
            String field = field(target, i);
            sum += target.weight();
            for (String name : deployments(target)) {
                Integer earlier = seen.putIfAbsent(name, i);
                if (earlier != null) {
                    context.error(field, "'" + name + "' is already spec.targets[" + earlier + "]");
                    continue;
                }
                Optional<String> on = context.find(target(route, name)).isEmpty() ? Optional.empty()
                        : context.backendOf(target(route, name));
                if (on.isEmpty()) {
                    continue;
                }
                if (backend == null) {
                    backend = on.get();
                    firstOnBackend = i;
                } else if (!backend.equals(on.get())) {
                    context.error(field, "'" + name + "' is on backend '" + on.get() + "' but spec.targets[" + firstOnBackend
                            + "] is on '" + backend + "': all targets of a route must share one backend");
                }
            }
        }
        if (sum != 100 && !targets.isEmpty()) {
            context.error("spec.targets", "weights must sum to 100 (they sum to " + sum + ")");
        }
    }

    /** The deployments a target names or (once resolved) selects. */
    static List<String> deployments(InferenceRoute.Target target) {
        return target.selector() == null ? List.of(target.deployment()) : target.selected();
    }

    static String field(InferenceRoute.Target target, int index) {
        return target.selector() == null ? "spec.targets[" + index + "].deployment" : selectorField(index);
    }

    static String selectorField(int index) {
        return "spec.targets[" + index + "].selector";
    }

    /** A selector as its manifest writes it, in Kubernetes' text form ({@code app=llama,tier in (prod)}). */
    static String selectorText(JsonNode selector) {
        try {
            return LabelSelector.read(selector).toString();
        } catch (IllegalArgumentException e) {
            return selector.toString();
        }
    }

    static ResourceKey target(InferenceRoute route, String deployment) {
        return new ResourceKey(ModelDeployment.KIND, route.metadata().namespace(), deployment);
    }
}
