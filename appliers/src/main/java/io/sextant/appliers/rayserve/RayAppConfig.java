package io.sextant.appliers.rayserve;

import io.sextant.plugin.ResourceKey;
import io.sextant.appliers.api.Secrets;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Resource;
import io.sextant.spec.kinds.SecretRef;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a ModelDeployment manifest into one Ray Serve application config (an entry of
 * {@code applications} in a {@code PUT /api/serve/applications/} body).
 *
 * <ul>
 *   <li>name {@code <namespace>_<name>} (DNS labels have no {@code _}, so names never collide),
 *       route prefix {@code /<namespace>/<name>} unless {@code runtime.args.route-prefix};</li>
 *   <li>{@code runtime.args.import-path} given: that application, with {@code runtime.args.deployment}
 *       naming the Serve deployment that gets {@code num_replicas} (or {@code autoscaling_config}) and
 *       {@code ray_actor_options.num_gpus}; the other args go to the application builder as {@code args};</li>
 *   <li>engine {@code vllm} without an import path: Ray Serve LLM, {@code ray.serve.llm:build_openai_app},
 *       with one {@code llm_configs} entry; there replicas go in {@code deployment_config}, the args are
 *       vLLM {@code engine_kwargs}, and GPUs per replica are tensor × pipeline parallel size;</li>
 *   <li>the GPU type becomes Ray's {@code accelerator_type} ({@link RayAccelerators}), in the LLM config or in
 *       {@code ray_actor_options}, so replicas land only on nodes with that GPU;</li>
 *   <li>{@code runtime.env} becomes {@code runtime_env.env_vars}, next to two variables that make the
 *       application Sextant's: its resource key and the applied manifest, so observe can rebuild the
 *       manifest from Ray alone. (Changing only labels therefore restarts replicas, as any
 *       runtime_env change does.)</li>
 * </ul>
 */
final class RayAppConfig {

    static final String VLLM_IMPORT_PATH = "ray.serve.llm:build_openai_app";
    static final String RESOURCE_VAR = "SEXTANT_RESOURCE";
    static final String MANIFEST_VAR = "SEXTANT_MANIFEST";
    /** Args Sextant reads itself rather than passing to the application. */
    static final Set<String> RESERVED_ARGS = Set.of("import-path", "deployment", "route-prefix");

    private RayAppConfig() {
    }

    static String appName(ResourceKey key) {
        return key.namespace() + "_" + key.name();
    }

    /** Whether the manifest uses Ray Serve LLM rather than an application of its own. */
    static boolean servesLlm(JsonNode manifest) {
        JsonNode runtime = manifest.path("spec").path("runtime");
        return !runtime.path("args").has("import-path") && "vllm".equals(runtime.path("engine").asString(""));
    }

    /**
     * The config Ray gets: {@link #build} plus the values of the secrets the resource names, read now, as
     * environment variables of the application. Only this copy holds them; it goes to Ray and nowhere else.
     */
    static ObjectNode withSecrets(ObjectNode app, Resource resource, Secrets secrets) throws BackendException {
        ObjectNode resolved = app.deepCopy();
        ObjectNode env = (ObjectNode) resolved.at("/runtime_env/env_vars");
        for (Map.Entry<String, SecretRef> var : Secrets.environment(resource).entrySet()) {
            env.put(var.getKey(), secrets.value(var.getValue()));
        }
        return resolved;
    }

    /** The variables a manifest fills from secrets: never read back from Ray, never compared. */
    static Set<String> secretNames(JsonNode manifest) {
        Set<String> names = new java.util.TreeSet<>();
        manifest.path("spec").path("runtime").path("env").properties().forEach(var -> {
            if (var.getValue().isObject()) {
                names.add(var.getKey());
            }
        });
        if (manifest.path("spec").path("model").has("credentials")) {
            names.add("HF_TOKEN");
        }
        return names;
    }

    static ObjectNode build(ResourceKey key, JsonNode manifest) {
        JsonNode spec = manifest.path("spec");
        JsonNode args = spec.path("runtime").path("args");
        ObjectNode app = JsonNodeFactory.instance.objectNode();
        app.put("name", appName(key));
        app.put("route_prefix", args.path("route-prefix").asString("/" + key.namespace() + "/" + key.name()));
        app.put("import_path", args.path("import-path").asString(VLLM_IMPORT_PATH));
        ObjectNode env = app.putObject("runtime_env").putObject("env_vars");
        for (Map.Entry<String, JsonNode> var : spec.path("runtime").path("env").properties()) {
            if (!var.getValue().isObject()) {
                env.put(var.getKey(), var.getValue().asString());
            }
        }
        env.put(RESOURCE_VAR, key.toString());
        env.put(MANIFEST_VAR, JsonMapper.shared().writeValueAsString(manifest));
        if (servesLlm(manifest)) {
            app.putObject("args").putArray("llm_configs").add(llmConfig(spec));
        } else {
            ObjectNode appArgs = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> arg : args.properties()) {
                if (!RESERVED_ARGS.contains(arg.getKey())) {
                    appArgs.set(arg.getKey(), arg.getValue());
                }
            }
            if (!appArgs.isEmpty()) {
                app.set("args", appArgs);
            }
            ObjectNode deployment = app.putArray("deployments").addObject();
            deployment.put("name", args.path("deployment").asString(""));
            scaling(spec, deployment);
            ObjectNode options = deployment.putObject("ray_actor_options").put("num_gpus", gpus(spec));
            acceleratorType(spec).ifPresent(type -> options.put("accelerator_type", type));
        }
        return app;
    }

    private static ObjectNode llmConfig(JsonNode spec) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        ObjectNode loading = config.putObject("model_loading_config");
        loading.put("model_id", spec.path("model").path("servedName").asString());
        loading.put("model_source", modelSource(spec.path("model").path("uri").asString()));
        ObjectNode kwargs = config.putObject("engine_kwargs");
        for (Map.Entry<String, JsonNode> arg : spec.path("runtime").path("args").properties()) {
            if (!RESERVED_ARGS.contains(arg.getKey())) {
                kwargs.set(arg.getKey().replace('-', '_'), arg.getValue());
            }
        }
        // Ray Serve LLM sizes a replica's placement group from the parallel sizes, not from num_gpus.
        if (!kwargs.has("tensor_parallel_size") && gpus(spec) > 1) {
            kwargs.put("tensor_parallel_size", gpus(spec) / Math.max(1, kwargs.path("pipeline_parallel_size").asInt(1)));
        }
        if (spec.has("model") && spec.path("model").has("revision")) {
            kwargs.put("revision", spec.path("model").path("revision").asString());
        }
        scaling(spec, config.putObject("deployment_config"));
        // Without it Ray places a replica on any GPU with room, so an 80 GB model could land on an L4.
        acceleratorType(spec).ifPresent(type -> config.put("accelerator_type", type));
        return config;
    }

    private static void scaling(JsonNode spec, ObjectNode target) {
        JsonNode autoscaling = spec.path("autoscaling");
        if (autoscaling.isObject()) {
            ObjectNode config = target.putObject("autoscaling_config");
            config.put("min_replicas", autoscaling.path("minReplicas").asInt());
            config.put("max_replicas", autoscaling.path("maxReplicas").asInt());
            if (autoscaling.has("targetConcurrency")) {
                config.put("target_ongoing_requests", autoscaling.path("targetConcurrency").asInt());
            }
        } else {
            target.put("num_replicas", spec.path("replicas").asInt(1));
        }
    }

    /** Ray's accelerator name for the spec's GPU type; empty without GPUs or a type (checks refuse unmapped types). */
    static Optional<String> acceleratorType(JsonNode spec) {
        JsonNode gpu = spec.path("resources").path("gpu");
        return gpus(spec) > 0 ? RayAccelerators.rayName(gpu.path("type").asString(null)) : Optional.empty();
    }

    static int gpus(JsonNode spec) {
        return spec.path("resources").path("gpu").path("count").asInt(0);
    }

    /** Ray Serve LLM takes a Hugging Face id or a path; {@code s3://} and {@code gs://} pass through. */
    static String modelSource(String uri) {
        if (uri.startsWith("hf://")) {
            return uri.substring("hf://".length());
        }
        return uri.startsWith("file://") ? uri.substring("file://".length()) : uri;
    }
}
