package io.sextant.appliers.kubernetes;

import io.sextant.appliers.api.DeployedRevision;
import io.sextant.spec.kinds.BuiltInKinds;
import io.sextant.plugin.ResourceKey;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rebuilds the Sextant manifest of a resource from its live objects, in the shape of the desired manifest.
 *
 * <p>The round-trip rule: start from the manifest recorded in the {@value KubeNames#MANIFEST} annotation
 * when it was applied, then overwrite every field that can be read back from the live objects: replicas,
 * autoscaling bounds, image, env, GPU count and type (for routes: model name and weights). A live object
 * nobody touched therefore gives back exactly the desired manifest (no false drift), and a live change to
 * one of those fields (a {@code kubectl scale}) shows as a change of that field. Fields that cannot be
 * read back unambiguously (model URI, engine arguments) come from the annotation.
 */
final class LiveManifest {

    private LiveManifest() {
    }

    static ObjectNode ofDeployment(ResourceKey key, JsonNode deployment, Optional<ObjectNode> hpa, KubeSettings settings) {
        ObjectNode manifest = recorded(key, deployment);
        ObjectNode spec = child(manifest, "spec");
        overlayPod(spec, deployment.path("spec").path("template").path("spec"), settings);
        if (spec.has("replicas") || !spec.has("autoscaling")) {
            spec.put("replicas", KubeJson.integer(deployment.path("spec").path("replicas")).orElse(1));
        }
        spec.remove("autoscaling");
        hpa.ifPresent(h -> {
            JsonNode body = h.path("spec");
            ObjectNode autoscaling = spec.putObject("autoscaling")
                    .put("minReplicas", KubeJson.integer(body.path("minReplicas")).orElse(1))
                    .put("maxReplicas", body.path("maxReplicas").asInt());
            for (JsonNode metric : body.path("metrics")) {
                KubeJson.integer(metric.path("pods").path("target").path("averageValue"))
                        .ifPresent(target -> autoscaling.put("targetConcurrency", target));
            }
        });
        if (hpa.isPresent()) {
            // The HPA owns the live count; the recorded spec said autoscaling, so replicas were never ours.
            spec.remove("replicas");
        }
        engineRevision(deployment.at("/spec/template/spec/containers/0"))
                .ifPresent(revision -> DeployedRevision.report(manifest, revision));
        return manifest;
    }

    static ObjectNode ofInferenceService(ResourceKey key, JsonNode isvc, KubeSettings settings) {
        ObjectNode manifest = recorded(key, isvc);
        ObjectNode spec = child(manifest, "spec");
        JsonNode predictor = isvc.path("spec").path("predictor");
        overlayPod(spec, predictor, settings);
        int min = KubeJson.integer(predictor.path("minReplicas")).orElse(1);
        if (spec.has("autoscaling")) {
            ObjectNode autoscaling = child(spec, "autoscaling").put("minReplicas", min)
                    .put("maxReplicas", KubeJson.integer(predictor.path("maxReplicas")).orElse(min));
            autoscaling.remove("targetConcurrency");
            KubeJson.integer(predictor.path("scaleTarget")).ifPresent(t -> autoscaling.put("targetConcurrency", t));
        } else {
            spec.put("replicas", min);
        }
        // KServe reports no model revision in its status: the live predictor says what its pods load.
        engineRevision(predictor.path("containers").path(0))
                .or(() -> DeployedRevision.ofStorageUri(predictor.at("/model/storageUri").asString("")))
                .ifPresent(revision -> DeployedRevision.report(manifest, revision));
        return manifest;
    }

    /**
     * Replicas, GPUs, image and env from the LLMInferenceService ({@code VLLM_ADDITIONAL_ARGS} is the args, which
     * come from the annotation), and the model URI when it was changed live.
     */
    static ObjectNode ofLlmInferenceService(ResourceKey key, JsonNode llmisvc, KubeSettings settings) {
        ObjectNode manifest = recorded(key, llmisvc);
        ObjectNode spec = child(manifest, "spec");
        JsonNode body = llmisvc.path("spec");
        boolean hadEnv = spec.path("runtime").path("env").has(LlmWorkloads.EXTRA_ARGS);
        boolean hadImage = spec.path("runtime").has("image");
        overlayPod(spec, body.path("template"), settings);
        if (!hadEnv && child(spec, "runtime").get("env") instanceof ObjectNode env) {
            env.remove(LlmWorkloads.EXTRA_ARGS);
            if (env.isEmpty()) {
                child(spec, "runtime").remove("env");
            }
        }
        if (!hadImage && !body.path("template").path("containers").path(0).has("image")) {
            child(spec, "runtime").remove("image");
        }
        spec.put("replicas", KubeJson.integer(body.path("replicas")).orElse(1));
        String uri = body.path("model").path("uri").asString("");
        if (!uri.isEmpty() && !uri.equals(spec.path("model").path("uri").asString(""))) {
            child(spec, "model").put("uri", uri);
        }
        DeployedRevision.ofStorageUri(uri).ifPresent(revision -> DeployedRevision.report(manifest, revision));
        return manifest;
    }

    /** The {@code --revision} a serving container was started with ({@code --revision x} or {@code --revision=x}). */
    static Optional<String> engineRevision(JsonNode container) {
        JsonNode args = container.path("args");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.path(i).asString("");
            if (arg.equals("--revision")) {
                return DeployedRevision.of(args.path(i + 1));
            }
            if (arg.startsWith("--revision=")) {
                return DeployedRevision.of(KubeJson.JSON.stringNode(arg.substring("--revision=".length())));
            }
        }
        return Optional.empty();
    }

    static ObjectNode ofRoute(ResourceKey key, JsonNode route, KubeSettings settings) {
        ObjectNode manifest = recorded(key, route);
        ObjectNode spec = child(manifest, "spec");
        Map<String, String> deploymentByService = new TreeMap<>();
        for (JsonNode target : spec.path("targets")) {
            String deployment = target.path("deployment").asString("");
            deploymentByService.put(Routes.serviceOf(key.namespace(), deployment, settings), deployment);
        }
        JsonNode rule = route.path("spec").path("rules").path(0);
        for (JsonNode header : rule.path("matches").path(0).path("headers")) {
            if (Routes.MODEL_HEADER.equalsIgnoreCase(header.path("name").asString(""))) {
                spec.put("modelName", header.path("value").asString(""));
            }
        }
        var targets = spec.putArray("targets");
        for (JsonNode backend : rule.path("backendRefs")) {
            String service = backend.path("name").asString("");
            // Gateway API: a backendRef without a weight has weight 1.
            targets.addObject().put("deployment", deploymentByService.getOrDefault(service, service))
                    .put("weight", KubeJson.integer(backend.path("weight")).orElse(1));
        }
        return manifest;
    }

    /** Image, env and GPUs from the live pod spec (a Deployment's template or a KServe predictor). */
    private static void overlayPod(ObjectNode spec, JsonNode pod, KubeSettings settings) {
        JsonNode container = pod.path("containers").path(0);
        ObjectNode runtime = child(spec, "runtime");
        if (container.path("image").isString()) {
            runtime.put("image", container.path("image").asString());
        }
        Map<String, JsonNode> env = new TreeMap<>();
        // The model's token is HF_TOKEN in the pod; read it back as credentials when that is how it was written.
        boolean credentials = spec.path("model").has("credentials");
        if (spec.path("model") instanceof ObjectNode model) {
            model.remove("credentials");
        }
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asString("");
            JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
            if (variable.has("value")) {
                env.put(name, KubeJson.JSON.stringNode(variable.path("value").asString("")));
            } else if (ref.isObject()) {
                ObjectNode reference = KubeJson.JSON.objectNode();
                reference.putObject("secretRef").put("name", ref.path("name").asString("")).put("key", ref.path("key").asString(""));
                if (credentials && name.equals(ServingPod.HF_TOKEN)) {
                    child(spec, "model").set("credentials", reference);
                } else {
                    env.put(name, reference);
                }
            }
        }
        runtime.remove("env");
        if (!env.isEmpty()) {
            runtime.putObject("env").setAll(env);
        }
        Optional<Integer> gpus = KubeJson.integer(container.path("resources").path("limits").path(ServingPod.GPU));
        JsonNode product = pod.path("nodeSelector").path(ServingPod.PRODUCT_LABEL);
        if (gpus.isEmpty() && !spec.has("resources")) {
            return;
        }
        ObjectNode gpu = child(child(spec, "resources"), "gpu").put("count", gpus.orElse(0));
        String recordedType = gpu.path("type").asString(null);
        if (product.isString() && (recordedType == null || !settings.productOf(recordedType).equals(product.asString()))) {
            gpu.put("type", settings.typeOf(product.asString()));
        }
    }

    /** The recorded manifest, or a bare skeleton when the annotation is gone (every field then shows as a change). */
    private static ObjectNode recorded(ResourceKey key, JsonNode object) {
        return KubeJson.recordedManifest(object).orElseGet(() -> {
            ObjectNode skeleton = KubeJson.JSON.objectNode().put("apiVersion", BuiltInKinds.V1)
                    .put("kind", key.kind().apiName());
            skeleton.putObject("metadata").put("name", key.name()).put("namespace", key.namespace());
            skeleton.putObject("spec");
            return skeleton;
        });
    }

    private static ObjectNode child(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        return node instanceof ObjectNode object ? object : parent.putObject(name);
    }
}
