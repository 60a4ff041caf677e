package io.sextant.appliers.rayserve;

import io.sextant.appliers.api.DeployedRevision;
import io.sextant.appliers.http.JsonValues;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.util.Set;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds a ModelDeployment manifest from the {@code deployed_app_config} Ray reports: the manifest
 * Sextant applied (kept in the config's env vars) with every mapped field Ray reports differently
 * written over it. A field equal to what Sextant would send keeps the spelling of Git, so only real
 * live changes show in a diff.
 */
final class RayLiveManifest {

    /** The vLLM engine kwarg that pins the model's revision. */
    private static final String REVISION = "revision";

    private RayLiveManifest() {
    }

    /**
     * @param applied the manifest Sextant applied, read from the live config
     * @param live    the live {@code deployed_app_config}
     */
    static ObjectNode of(ResourceKey key, JsonNode applied, JsonNode live) {
        ObjectNode expected = RayAppConfig.build(key, applied);
        ObjectNode observed = (ObjectNode) applied.deepCopy();
        Set<String> secret = RayAppConfig.secretNames(applied);
        overlay(observed, "/spec/runtime/env", envOf(live, secret), envOf(expected, secret));
        if (RayAppConfig.servesLlm(applied) && live.path("import_path").asString("").equals(RayAppConfig.VLLM_IMPORT_PATH)) {
            JsonNode liveLlm = live.path("args").path("llm_configs").path(0);
            JsonNode wantLlm = expected.path("args").path("llm_configs").path(0);
            overlay(observed, "/spec/model/servedName", liveLlm.at("/model_loading_config/model_id"),
                    wantLlm.at("/model_loading_config/model_id"));
            if (!JsonValues.same(liveLlm.at("/model_loading_config/model_source"), wantLlm.at("/model_loading_config/model_source"))) {
                JsonValues.set(observed, "/spec/model/uri", uri(liveLlm.at("/model_loading_config/model_source")));
            }
            if (!JsonValues.same(liveLlm.path("engine_kwargs"), wantLlm.path("engine_kwargs"))) {
                observed.withObject("/spec/runtime").set("args",
                        engineArgs(applied, liveLlm.path("engine_kwargs"), wantLlm.path("engine_kwargs")));
            }
            scaling(observed, liveLlm.path("deployment_config"), wantLlm.path("deployment_config"));
            // What Ray loads: the engine's revision when set, else the snapshot a model_source path names.
            DeployedRevision.of(liveLlm.at("/engine_kwargs/" + REVISION))
                    .or(() -> DeployedRevision.ofSnapshotPath(liveLlm.at("/model_loading_config/model_source").asString("")))
                    .ifPresent(revision -> DeployedRevision.report(observed, revision));
            accelerator(observed, applied, liveLlm.path("accelerator_type"), wantLlm.path("accelerator_type"));
        } else {
            if (!JsonValues.same(live.path("args"), expected.path("args"))) {
                ObjectNode args = reservedArgs(applied);
                live.path("args").properties().forEach(e -> args.set(e.getKey(), e.getValue()));
                observed.withObject("/spec/runtime").set("args", args);
            }
            overlay(observed, "/spec/runtime/args/import-path", live.path("import_path"), expected.path("import_path"));
            JsonNode liveDeployment = live.path("deployments").path(0);
            JsonNode wantDeployment = expected.path("deployments").path(0);
            overlay(observed, "/spec/runtime/args/deployment", liveDeployment.path("name"), wantDeployment.path("name"));
            scaling(observed, liveDeployment, wantDeployment);
            overlay(observed, "/spec/resources/gpu/count", liveDeployment.at("/ray_actor_options/num_gpus"),
                    wantDeployment.at("/ray_actor_options/num_gpus"));
            accelerator(observed, applied, liveDeployment.at("/ray_actor_options/accelerator_type"),
                    wantDeployment.at("/ray_actor_options/accelerator_type"));
        }
        overlay(observed, "/spec/runtime/args/route-prefix", live.path("route_prefix"), expected.path("route_prefix"));
        return observed;
    }

    /** Whether Ray's config differs from what the observed manifest maps back to, outside mapped fields. */
    static boolean hasUnmappedChanges(ResourceKey key, JsonNode observed, JsonNode live) {
        ObjectNode rebuilt = RayAppConfig.build(key, observed);
        ObjectNode actual = live.isObject() ? (ObjectNode) live.deepCopy() : JsonNodeFactory.instance.objectNode();
        boolean revisionReported = observed.at(ObservedResource.MODEL_REVISION).isString();
        for (ObjectNode config : new ObjectNode[] {rebuilt, actual}) {
            if (config.at("/runtime_env/env_vars") instanceof ObjectNode vars) {
                vars.remove(RayAppConfig.MANIFEST_VAR);
                vars.remove(RayAppConfig.secretNames(observed));
            }
            if (revisionReported && config.at("/args/llm_configs/0/engine_kwargs") instanceof ObjectNode kwargs) {
                kwargs.remove(REVISION); // mapped: to the revision reported under status
            }
        }
        return !JsonValues.same(rebuilt, actual);
    }

    private static void overlay(ObjectNode observed, String pointer, JsonNode live, JsonNode expected) {
        if (!JsonValues.same(live.isMissingNode() ? null : live, expected.isMissingNode() ? null : expected)) {
            JsonValues.set(observed, pointer, live);
        }
    }

    /** A changed or removed {@code accelerator_type} shows as the GPU type it stands for (or none). */
    private static void accelerator(ObjectNode observed, JsonNode applied, JsonNode live, JsonNode expected) {
        if (JsonValues.same(live.isMissingNode() ? null : live, expected.isMissingNode() ? null : expected)) {
            return;
        }
        JsonNode type = live.isString()
                ? JsonNodeFactory.instance.stringNode(RayAccelerators.gpuType(live.asString(),
                        applied.at("/spec/resources/gpu/type").asString(null)))
                : null;
        JsonValues.set(observed, "/spec/resources/gpu/type", type);
    }

    private static void scaling(ObjectNode observed, JsonNode live, JsonNode expected) {
        JsonNode liveAuto = live.path("autoscaling_config");
        if (JsonValues.same(live.path("num_replicas"), expected.path("num_replicas"))
                && JsonValues.same(liveAuto, expected.path("autoscaling_config"))) {
            return;
        }
        ObjectNode spec = observed.withObject("/spec");
        spec.remove("replicas");
        spec.remove("autoscaling");
        if (liveAuto.isObject()) {
            ObjectNode autoscaling = spec.putObject("autoscaling");
            autoscaling.set("minReplicas", liveAuto.path("min_replicas"));
            autoscaling.set("maxReplicas", liveAuto.path("max_replicas"));
            if (liveAuto.has("target_ongoing_requests")) {
                autoscaling.set("targetConcurrency", liveAuto.path("target_ongoing_requests"));
            }
        } else {
            // Ray's own default when a config leaves num_replicas out.
            spec.set("replicas", live.has("num_replicas") ? live.path("num_replicas") : JsonNodeFactory.instance.numberNode(1));
        }
    }

    /** Live vLLM engine kwargs as spec args, keeping Git's spelling of a name where Git has one. */
    private static ObjectNode engineArgs(JsonNode applied, JsonNode kwargs, JsonNode expected) {
        ObjectNode args = reservedArgs(applied);
        JsonNode given = applied.at("/spec/runtime/args");
        for (Map.Entry<String, JsonNode> kwarg : kwargs.properties()) {
            String name = null;
            for (Map.Entry<String, JsonNode> arg : given.properties()) {
                if (arg.getKey().replace('-', '_').equals(kwarg.getKey())) {
                    name = arg.getKey();
                }
            }
            // A kwarg Sextant derived (tensor_parallel_size from the GPU count) is not an arg of Git's; nor is the
            // revision, which is spec.model.revision and reported by DeployedRevision (a full id resolving a short pin).
            if (name == null && (kwarg.getKey().equals(REVISION)
                    || JsonValues.same(kwarg.getValue(), expected.get(kwarg.getKey())))) {
                continue;
            }
            args.set(name == null ? kwarg.getKey().replace('_', '-') : name, kwarg.getValue());
        }
        return args;
    }

    private static ObjectNode reservedArgs(JsonNode applied) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        applied.at("/spec/runtime/args").properties().forEach(arg -> {
            if (RayAppConfig.RESERVED_ARGS.contains(arg.getKey())) {
                args.set(arg.getKey(), arg.getValue());
            }
        });
        return args;
    }

    /** The plain variables of a config: not Sextant's own, and not those holding a secret's value. */
    private static ObjectNode envOf(JsonNode config, Set<String> secret) {
        ObjectNode env = JsonNodeFactory.instance.objectNode();
        config.at("/runtime_env/env_vars").properties().forEach(var -> {
            if (!var.getKey().equals(RayAppConfig.RESOURCE_VAR) && !var.getKey().equals(RayAppConfig.MANIFEST_VAR)
                    && !secret.contains(var.getKey())) {
                env.set(var.getKey(), var.getValue());
            }
        });
        return env;
    }

    private static JsonNode uri(JsonNode source) {
        String text = source.asString("");
        boolean hasScheme = text.matches("[a-z][a-z0-9+.-]*://.*");
        return JsonNodeFactory.instance.stringNode(hasScheme ? text : text.startsWith("/") ? "file://" + text : "hf://" + text);
    }
}
