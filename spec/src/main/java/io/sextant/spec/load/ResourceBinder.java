package io.sextant.spec.load;

import io.sextant.spec.api.InferenceRoute;
import io.sextant.spec.api.Kind;
import io.sextant.spec.api.LoraAdapter;
import io.sextant.spec.api.Metadata;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.Resource;
import io.sextant.spec.api.ResourceKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Builds the typed record of a document that passed its schema, filling documented defaults.
 *
 * <p>Runs only after schema validation, so shapes and types are known to be right; what is left to
 * check here is what a schema cannot say, such as a {@code dependsOn} kind being parsed into a key.
 */
final class ResourceBinder {

    private ResourceBinder() {}

    static Resource bind(Kind kind, TreeBuilder.Tree tree, int documentLine, List<Problem> problems) {
        JsonNode root = tree.json();
        Metadata metadata = metadata(root.path("metadata"));
        JsonNode spec = root.path("spec");
        return switch (kind) {
            case MODEL_DEPLOYMENT -> new ModelDeployment(metadata, new ModelDeployment.Spec(
                    spec.path("backend").asString(),
                    model(spec.path("model"), metadata),
                    runtime(spec.path("runtime")),
                    spec.has("resources") ? new ModelDeployment.Resources(gpu(spec.path("resources").path("gpu"))) : null,
                    spec.has("replicas") ? spec.path("replicas").asInt() : null,
                    autoscaling(spec.path("autoscaling")),
                    dependsOn(spec.path("dependsOn"), metadata, tree, documentLine, problems)));
            case LORA_ADAPTER -> new LoraAdapter(metadata, new LoraAdapter.Spec(
                    spec.path("deployment").asString(),
                    spec.path("uri").asString(),
                    dependsOn(spec.path("dependsOn"), metadata, tree, documentLine, problems)));
            case INFERENCE_ROUTE -> new InferenceRoute(metadata, new InferenceRoute.Spec(
                    spec.path("modelName").asString(),
                    targets(spec.path("targets"))));
        };
    }

    private static Metadata metadata(JsonNode node) {
        String namespace = node.has("namespace") ? node.path("namespace").asString() : null;
        return new Metadata(node.path("name").asString(), namespace, strings(node.path("labels")));
    }

    private static ModelDeployment.Model model(JsonNode node, Metadata metadata) {
        String servedName = node.has("servedName") ? node.path("servedName").asString() : metadata.name();
        return new ModelDeployment.Model(node.path("uri").asString(), optionalText(node, "revision"), servedName);
    }

    private static ModelDeployment.Runtime runtime(JsonNode node) {
        Map<String, Object> args = new LinkedHashMap<>();
        node.path("args").forEachEntry((name, value) -> args.put(name, scalar(value)));
        return new ModelDeployment.Runtime(node.path("engine").asString(), optionalText(node, "image"), args,
                strings(node.path("env")));
    }

    private static ModelDeployment.Gpu gpu(JsonNode node) {
        return node.isMissingNode() ? null : new ModelDeployment.Gpu(node.path("type").asString(), node.path("count").asInt());
    }

    private static ModelDeployment.Autoscaling autoscaling(JsonNode node) {
        if (node.isMissingNode()) {
            return null;
        }
        Integer target = node.has("targetConcurrency") ? node.path("targetConcurrency").asInt() : null;
        return new ModelDeployment.Autoscaling(node.path("minReplicas").asInt(), node.path("maxReplicas").asInt(), target);
    }

    private static List<InferenceRoute.Target> targets(JsonNode node) {
        List<InferenceRoute.Target> targets = new ArrayList<>();
        node.forEach(target -> targets.add(
                new InferenceRoute.Target(target.path("deployment").asString(), target.path("weight").asInt())));
        return targets;
    }

    private static List<ResourceKey> dependsOn(JsonNode node, Metadata metadata, TreeBuilder.Tree tree,
                                               int documentLine, List<Problem> problems) {
        List<ResourceKey> keys = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "spec.dependsOn[" + i + "]";
            try {
                keys.add(ResourceKey.parse(node.get(i).asString(), metadata.namespace()));
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(SchemaMessages.lineOf(tree.lines(), field, documentLine), field, e.getMessage()));
            }
        }
        return keys;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new LinkedHashMap<>();
        node.forEachEntry((name, value) -> values.put(name, value.asString()));
        return values;
    }

    private static String optionalText(JsonNode node, String field) {
        return node.has(field) ? node.path(field).asString() : null;
    }

    /** Argument values as the JSON types they were written as: Integer, Long, BigInteger, Double, Boolean or String. */
    private static Object scalar(JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        return value.asString();
    }
}
