package io.sextant.spec.kinds;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindRule;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.RuleContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code InferenceRoute}: a public model alias spread by weight over deployments of one backend; applied last. */
final class InferenceRouteKind implements KindDefinition {

    private static final JsonNode SCHEMA = Json.schema("schemas/sextant.io_v1/inferenceroute.schema.json");

    @Override
    public String kind() {
        return InferenceRoute.KIND.name();
    }

    @Override
    public List<String> apiVersions() {
        return List.of(BuiltInKinds.V1);
    }

    @Override
    public JsonNode schema(String apiVersion) {
        return SCHEMA;
    }

    @Override
    public Class<InferenceRoute> type() {
        return InferenceRoute.class;
    }

    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        List<InferenceRoute.Target> targets = new ArrayList<>();
        spec.path("targets").forEach(target -> targets.add(
                new InferenceRoute.Target(target.path("deployment").asString(), target.path("weight").asInt())));
        return new InferenceRoute(metadata, new InferenceRoute.Spec(spec.path("modelName").asString(), targets));
    }

    @Override
    public JsonNode spec(Resource resource) {
        InferenceRoute.Spec spec = type().cast(resource).spec();
        ObjectNode node = Json.JSON.objectNode().put("modelName", spec.modelName());
        ArrayNode targets = node.putArray("targets");
        spec.targets().forEach(t -> targets.addObject().put("deployment", t.deployment()).put("weight", t.weight()));
        return node;
    }

    @Override
    public List<KindRule> rules() {
        return List.of(InferenceRouteKind::targets);
    }

    /** Each target deployment once (a repeated one is the rule's error); the first decides the backend. */
    @Override
    public List<Reference> references(Resource resource) {
        InferenceRoute route = type().cast(resource);
        List<Reference> references = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<InferenceRoute.Target> targets = route.spec().targets();
        for (int i = 0; i < targets.size(); i++) {
            if (seen.add(targets.get(i).deployment())) {
                Reference reference = Reference.byName("spec.targets[" + i + "].deployment",
                        target(route, targets.get(i).deployment()));
                references.add(references.isEmpty() ? reference.inheritingBackend() : reference);
            }
        }
        return references;
    }

    @Override
    public int applyOrder() {
        return 300;
    }

    @Override
    public List<Column> columns() {
        return List.of(new Column("Model name", "/spec/modelName"));
    }

    @Override
    public String summary(JsonNode manifest) {
        List<String> targets = new ArrayList<>();
        manifest.at("/spec/targets").forEach(t -> targets.add(t.path("deployment").asString("") + " "
                + t.path("weight").asInt() + "%"));
        return manifest.at("/spec/modelName").asString("") + " -> " + String.join(", ", targets);
    }

    @Override
    public String noun() {
        return "route";
    }

    /**
     * Targets appear once each, share one backend (a route is one backend's traffic split) and their weights
     * sum to 100; that they exist is checked from {@link #references}.
     */
    private static void targets(Resource resource, RuleContext context) {
        InferenceRoute route = (InferenceRoute) resource;
        List<InferenceRoute.Target> targets = route.spec().targets();
        Map<String, Integer> seen = new HashMap<>();
        int firstOnBackend = -1;
        String backend = null;
        int sum = 0;
        for (int i = 0; i < targets.size(); i++) {
            String field = "spec.targets[" + i + "].deployment";
            String name = targets.get(i).deployment();
            sum += targets.get(i).weight();
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
        if (sum != 100 && !targets.isEmpty()) {
            context.error("spec.targets", "weights must sum to 100 (they sum to " + sum + ")");
        }
    }

    private static ResourceKey target(InferenceRoute route, String deployment) {
        return new ResourceKey(ModelDeployment.KIND, route.metadata().namespace(), deployment);
    }
}
