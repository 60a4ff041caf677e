package io.sextant.spec.load;

import io.sextant.spec.api.InferenceRoute;
import io.sextant.spec.api.Kind;
import io.sextant.spec.api.LoraAdapter;
import io.sextant.spec.api.Metadata;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.Resource;
import io.sextant.spec.api.ResourceKey;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the normalised manifest of a resource: the desired document that diffs compare with live state.
 *
 * <p>Built from the typed record rather than copied from the YAML, so two spellings of the same intent
 * (a default left out or written, {@code env: {}} or no env, keys in another order) give equal manifests.
 * The shape is documented on {@link io.sextant.spec.api.SpecLoader}.
 */
final class Manifests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Manifests() {}

    static ObjectNode of(Resource resource) {
        ObjectNode manifest = JSON.objectNode();
        manifest.put("apiVersion", Kind.API_VERSION);
        manifest.put("kind", resource.kind().apiName());
        manifest.set("metadata", metadata(resource.metadata()));
        manifest.set("spec", spec(resource));
        return manifest;
    }

    // Java 17 has no pattern switch; Resource is sealed, so these three are all there is.
    private static ObjectNode spec(Resource resource) {
        if (resource instanceof ModelDeployment deployment) {
            return spec(deployment.spec());
        }
        if (resource instanceof LoraAdapter adapter) {
            return spec(adapter.spec());
        }
        return spec(((InferenceRoute) resource).spec());
    }

    private static ObjectNode metadata(Metadata metadata) {
        ObjectNode node = JSON.objectNode().put("name", metadata.name()).put("namespace", metadata.namespace());
        putStrings(node, "labels", metadata.labels());
        return node;
    }

    private static ObjectNode spec(ModelDeployment.Spec spec) {
        ObjectNode node = JSON.objectNode().put("backend", spec.backend());
        ObjectNode model = node.putObject("model").put("uri", spec.model().uri());
        putText(model, "revision", spec.model().revision());
        model.put("servedName", spec.model().servedName());
        ObjectNode runtime = node.putObject("runtime").put("engine", spec.runtime().engine());
        putText(runtime, "image", spec.runtime().image());
        if (!spec.runtime().args().isEmpty()) {
            ObjectNode args = runtime.putObject("args");
            new TreeMap<>(spec.runtime().args()).forEach((name, value) -> args.set(name, value(value)));
        }
        putStrings(runtime, "env", spec.runtime().env());
        if (spec.resources() != null && spec.resources().gpu() != null) {
            node.putObject("resources").putObject("gpu")
                    .put("type", spec.resources().gpu().type())
                    .put("count", spec.resources().gpu().count());
        }
        if (spec.replicas() != null) {
            node.put("replicas", spec.replicas());
        }
        if (spec.autoscaling() != null) {
            ObjectNode autoscaling = node.putObject("autoscaling")
                    .put("minReplicas", spec.autoscaling().minReplicas())
                    .put("maxReplicas", spec.autoscaling().maxReplicas());
            if (spec.autoscaling().targetConcurrency() != null) {
                autoscaling.put("targetConcurrency", spec.autoscaling().targetConcurrency());
            }
        }
        putKeys(node, spec.dependsOn());
        return node;
    }

    private static ObjectNode spec(LoraAdapter.Spec spec) {
        ObjectNode node = JSON.objectNode().put("deployment", spec.deployment()).put("uri", spec.uri());
        putKeys(node, spec.dependsOn());
        return node;
    }

    private static ObjectNode spec(InferenceRoute.Spec spec) {
        ObjectNode node = JSON.objectNode().put("modelName", spec.modelName());
        ArrayNode targets = node.putArray("targets");
        spec.targets().forEach(t -> targets.addObject().put("deployment", t.deployment()).put("weight", t.weight()));
        return node;
    }

    /** dependsOn as keys, {@code {kind, namespace, name}} like the audit event's resource, in written order. */
    private static void putKeys(ObjectNode node, List<ResourceKey> keys) {
        if (!keys.isEmpty()) {
            ArrayNode array = node.putArray("dependsOn");
            keys.forEach(k -> array.addObject().put("kind", k.kind().apiName()).put("namespace", k.namespace()).put("name", k.name()));
        }
    }

    private static void putStrings(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode object = node.putObject(field);
            new TreeMap<>(values).forEach(object::put);
        }
    }

    /** An argument value back as the JSON type it was read as (see ResourceBinder). */
    private static JsonNode value(Object value) {
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return JSON.numberNode(b);
        }
        if (value instanceof Number n) {
            return JSON.numberNode(n.doubleValue());
        }
        return value instanceof Boolean b ? JSON.booleanNode(b) : JSON.stringNode(String.valueOf(value));
    }

    private static void putText(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
