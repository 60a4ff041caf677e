package io.sextant.appliers.triton;

import io.sextant.appliers.http.JsonValues;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Triton model configuration a ModelDeployment asks for, sent as the {@code parameters.config}
 * override of a load, and the comparison of it with the config Triton reports.
 *
 * <p>The model is the one named {@code model.servedName} in Triton's own model repository. The
 * override carries {@code name}; {@code max_batch_size} from {@code runtime.args.max-batch-size};
 * {@code backend} and {@code platform} from the args of those names; one {@code instance_group} of
 * {@code replicas} instances, {@code KIND_GPU} on GPUs {@code 0..count-1} (Triton starts {@code count}
 * instances on each listed GPU) or {@code KIND_CPU} without GPUs; a numeric {@code model.revision} as
 * {@code version_policy.specific}; every other arg as a string {@code parameters} entry, which is how
 * Triton backends take their settings.
 */
final class TritonConfig {

    static final Set<String> MAPPED_ARGS = Set.of("max-batch-size", "backend", "platform");

    private TritonConfig() {
    }

    static String modelName(JsonNode manifest) {
        return manifest.at("/spec/model/servedName").asString(manifest.at("/metadata/name").asString());
    }

    static ObjectNode build(JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        JsonNode args = spec.at("/runtime/args");
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("name", modelName(manifest));
        for (String arg : new String[] {"backend", "platform"}) {
            if (args.has(arg)) {
                config.put(arg, args.path(arg).asString());
            }
        }
        if (args.has("max-batch-size")) {
            config.put("max_batch_size", args.path("max-batch-size").asInt());
        }
        if (spec.at("/model/revision").isString()) {
            config.putObject("version_policy").putObject("specific").putArray("versions")
                    .add(Long.parseLong(spec.at("/model/revision").asString()));
        }
        ObjectNode group = config.putArray("instance_group").addObject();
        group.put("count", spec.path("replicas").asInt(1));
        int gpus = spec.at("/resources/gpu/count").asInt(0);
        group.put("kind", gpus > 0 ? "KIND_GPU" : "KIND_CPU");
        if (gpus > 0) {
            ArrayNode devices = group.putArray("gpus");
            for (int i = 0; i < gpus; i++) {
                devices.add(i);
            }
        }
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> arg : args.properties()) {
            if (!MAPPED_ARGS.contains(arg.getKey())) {
                parameters.putObject(arg.getKey()).put("string_value", arg.getValue().asString());
            }
        }
        if (!parameters.isEmpty()) {
            config.set("parameters", parameters);
        }
        return config;
    }

    /**
     * What of Triton's full config (which it completes with inputs, outputs, optimisation and more)
     * Sextant set: only the fields {@code wanted} has, and of instance groups only count, kind and gpus.
     */
    static ObjectNode project(JsonNode live, JsonNode wanted) {
        ObjectNode projected = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            JsonNode value = live.path(field.getKey());
            if (field.getKey().equals("instance_group")) {
                ArrayNode groups = projected.putArray("instance_group");
                for (JsonNode group : value) {
                    ObjectNode kept = groups.addObject();
                    kept.set("count", group.path("count"));
                    kept.set("kind", group.path("kind"));
                    if (group.path("gpus").size() > 0) {
                        kept.set("gpus", group.path("gpus"));
                    }
                }
            } else if (field.getKey().equals("parameters")) {
                ObjectNode parameters = projected.putObject("parameters");
                field.getValue().properties().forEach(p -> {
                    if (value.has(p.getKey())) {
                        parameters.set(p.getKey(), value.path(p.getKey()));
                    }
                });
            } else if (!value.isMissingNode()) {
                projected.set(field.getKey(), value);
            }
        }
        return projected;
    }

    /** Whether Triton runs the model as {@code wanted} says. */
    static boolean matches(JsonNode live, JsonNode wanted) {
        return JsonValues.same(project(live, wanted), wanted);
    }

    /** The applied manifest with what Triton reports differently written over it. */
    static ObjectNode observed(JsonNode applied, JsonNode live) {
        ObjectNode wanted = build(applied);
        ObjectNode observed = (ObjectNode) applied.deepCopy();
        ObjectNode actual = project(live, wanted);
        JsonNode liveGroup = actual.path("instance_group").path(0);
        JsonNode wantGroup = wanted.path("instance_group").path(0);
        if (!JsonValues.same(liveGroup.path("count"), wantGroup.path("count"))) {
            JsonValues.set(observed, "/spec/replicas", liveGroup.path("count"));
        }
        if (!JsonValues.same(liveGroup.path("gpus"), wantGroup.path("gpus"))
                || !JsonValues.same(liveGroup.path("kind"), wantGroup.path("kind"))) {
            int gpus = liveGroup.path("kind").asString("").equals("KIND_GPU") ? liveGroup.path("gpus").size() : 0;
            JsonValues.set(observed, "/spec/resources/gpu/count", JsonNodeFactory.instance.numberNode(gpus));
        }
        if (!JsonValues.same(actual.path("max_batch_size"), wanted.path("max_batch_size"))) {
            JsonValues.set(observed, "/spec/runtime/args/max-batch-size", actual.path("max_batch_size"));
        }
        for (String arg : new String[] {"backend", "platform"}) {
            if (!JsonValues.same(actual.path(arg), wanted.path(arg))) {
                JsonValues.set(observed, "/spec/runtime/args/" + arg, actual.path(arg));
            }
        }
        wanted.path("parameters").properties().forEach(parameter -> {
            JsonNode liveValue = actual.path("parameters").path(parameter.getKey()).path("string_value");
            if (!JsonValues.same(liveValue, parameter.getValue().path("string_value"))) {
                JsonValues.set(observed, "/spec/runtime/args/" + parameter.getKey(), liveValue);
            }
        });
        return observed;
    }
}
