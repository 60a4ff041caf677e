package io.sextant.spec.kinds;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.Column;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.KindRule;
import io.sextant.plugin.LabelSelector;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.Reference;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Selection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

    /** A target names a deployment or selects some by label (the schema allows exactly one of the two). */
    @Override
    public Resource bind(Metadata metadata, JsonNode spec, BindContext context) {
        List<InferenceRoute.Target> targets = new ArrayList<>();
        JsonNode written = spec.path("targets");
        for (int i = 0; i < written.size(); i++) {
            JsonNode target = written.get(i);
            int weight = target.path("weight").asInt();
            if (!target.has("selector")) {
                targets.add(new InferenceRoute.Target(target.path("deployment").asString(), weight));
                continue;
            }
            try {
                targets.add(new InferenceRoute.Target(null, LabelSelector.read(target.path("selector")), weight, List.of()));
            } catch (IllegalArgumentException e) {
                context.problem("spec.targets[" + i + "].selector", e.getMessage());
            }
        }
        return new InferenceRoute(metadata, new InferenceRoute.Spec(spec.path("modelName").asString(), targets));
    }

    /**
     * {@code targets} are the deployments traffic goes to, selectors resolved (what a backend is given and
     * reports back, so a selector that resolves as the names did compares equal); {@code selectors} shows
     * each selector as written with what it resolved to. The built-in ignore rules leave {@code selectors}
     * out of drift: only what it resolves to reaches a backend.
     */
    @Override
    public JsonNode spec(Resource resource) {
        InferenceRoute.Spec spec = type().cast(resource).spec();
        ObjectNode node = Json.JSON.objectNode().put("modelName", spec.modelName());
        ArrayNode targets = node.putArray("targets");
        spec.resolvedTargets().forEach(t -> targets.addObject().put("deployment", t.deployment()).put("weight", t.weight()));
        ArrayNode selectors = Json.JSON.arrayNode();
        for (int i = 0; i < spec.targets().size(); i++) {
            InferenceRoute.Target target = spec.targets().get(i);
            if (target.selector() != null) {
                ArrayNode selected = selectors.addObject().put("target", i).put("weight", target.weight())
                        .set("selector", target.selector().toJson()).putArray("deployments");
                target.selected().forEach(selected::add);
            }
        }
        if (!selectors.isEmpty()) {
            node.set("selectors", selectors);
        }
        return node;
    }

    /**
     * The route with {@code percent} of the target's weight on {@code to}, rounded to a whole percent; the rest
     * stays on the target. Selectors are resolved first (the backend gets resolved targets anyway); a share of
     * 0 is left out, as a backend may refuse a target of weight 0.
     */
    @Override
    public Optional<Resource> shiftTraffic(Resource resource, String target, String to, int percent) {
        InferenceRoute route = type().cast(resource);
        List<InferenceRoute.Target> resolved = route.spec().resolvedTargets();
        if (resolved.stream().noneMatch(t -> t.deployment().equals(target))) {
            return Optional.empty();
        }
        List<InferenceRoute.Target> shifted = new ArrayList<>();
        for (InferenceRoute.Target t : resolved) {
            if (!t.deployment().equals(target)) {
                shifted.add(t);
                continue;
            }
            int moved = Math.round(t.weight() * percent / 100f);
            if (t.weight() - moved > 0) {
                shifted.add(new InferenceRoute.Target(target, t.weight() - moved));
            }
            if (moved > 0) {
                shifted.add(new InferenceRoute.Target(to, moved));
            }
        }
        return Optional.of(new InferenceRoute(route.metadata(), new InferenceRoute.Spec(route.spec().modelName(),
                shifted)));
    }

    @Override
    public List<Selection> selections(Resource resource) {
        List<Selection> selections = new ArrayList<>();
        List<InferenceRoute.Target> targets = type().cast(resource).spec().targets();
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).selector() != null) {
                selections.add(new Selection(RouteTargets.selectorField(i), ModelDeployment.KIND, targets.get(i).selector()));
            }
        }
        return selections;
    }

    @Override
    public Resource resolve(Resource resource, List<List<ResourceKey>> matched) {
        InferenceRoute route = type().cast(resource);
        List<InferenceRoute.Target> targets = new ArrayList<>();
        int selection = 0;
        for (InferenceRoute.Target target : route.spec().targets()) {
            if (target.selector() == null) {
                targets.add(target);
            } else {
                targets.add(new InferenceRoute.Target(null, target.selector(), target.weight(),
                        matched.get(selection++).stream().map(ResourceKey::name).sorted().toList()));
            }
        }
        return new InferenceRoute(route.metadata(), new InferenceRoute.Spec(route.spec().modelName(), targets));
    }

    @Override
    public List<KindRule> rules() {
        return List.of(RouteTargets::check);
    }

    /**
     * Each target deployment once (a repeated one is the rule's error), named or selected, at the field that
     * names or selects it; the first decides the backend.
     */
    @Override
    public List<Reference> references(Resource resource) {
        InferenceRoute route = type().cast(resource);
        List<Reference> references = new ArrayList<>();
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        List<InferenceRoute.Target> targets = route.spec().targets();
        for (int i = 0; i < targets.size(); i++) {
            for (String name : RouteTargets.deployments(targets.get(i))) {
                if (seen.add(name)) {
                    Reference reference = Reference.byName(RouteTargets.field(targets.get(i), i),
                            RouteTargets.target(route, name));
                    references.add(references.isEmpty() ? reference.inheritingBackend() : reference);
                }
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

    /** {@code llama -> a 50%, b 50%}, then what each selector resolved to: {@code (app=llama selects a, b)}. */
    @Override
    public String summary(JsonNode manifest) {
        List<String> targets = new ArrayList<>();
        manifest.at("/spec/targets").forEach(t -> targets.add(t.path("deployment").asString("") + " "
                + t.path("weight").asInt() + "%"));
        StringBuilder summary = new StringBuilder(manifest.at("/spec/modelName").asString("") + " -> "
                + String.join(", ", targets));
        for (JsonNode selector : manifest.at("/spec/selectors")) {
            List<String> selected = new ArrayList<>();
            selector.path("deployments").forEach(d -> selected.add(d.asString("")));
            summary.append(" (").append(RouteTargets.selectorText(selector.path("selector"))).append(" selects ")
                    .append(selected.isEmpty() ? "nothing" : String.join(", ", selected)).append(')');
        }
        return summary.toString();
    }

    @Override
    public String noun() {
        return "route";
    }
}
