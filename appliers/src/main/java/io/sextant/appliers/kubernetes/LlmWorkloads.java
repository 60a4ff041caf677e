package io.sextant.appliers.kubernetes;

import io.sextant.plugin.ResourceKey;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a ModelDeployment becomes on the {@code llm-inference-service} flavor: one KServe
 * {@code LLMInferenceService} ({@code serving.kserve.io/v1alpha1}), with the LoraAdapters of that deployment
 * in its {@code spec.model.lora.adapters}.
 *
 * <ul>
 *   <li>{@code spec.model.uri} and {@code spec.model.name} (the served name), {@code spec.replicas};</li>
 *   <li>{@code runtime.args.tensor-parallel-size} and {@code pipeline-parallel-size} become {@code spec.parallelism};
 *       the other args reach vLLM through {@code VLLM_ADDITIONAL_ARGS} on the {@code main} container, which is how
 *       KServe's vLLM template takes extra flags (its command line is KServe's own);</li>
 *   <li>{@code spec.template}: the {@code main} container with the image (when given), env and the GPU limit, the
 *       GPU product as node selector and the GPU taint tolerated, as on the other flavors.</li>
 * </ul>
 *
 * <p>Rendered from the JSON manifest rather than the typed spec, because an adapter's apply re-renders its
 * parent from the manifest recorded on the live object. The adapters' own manifests are recorded in the
 * {@value #ADAPTERS} annotation, so each LoraAdapter can be read back as itself.
 */
final class LlmWorkloads {

    /** Annotation holding the applied LoraAdapter manifests of the deployment, by adapter name (a JSON object). */
    static final String ADAPTERS = "sextant.io/lora-adapters";
    static final String CONTAINER = "main";
    static final String EXTRA_ARGS = "VLLM_ADDITIONAL_ARGS";
    /** Args that become {@code spec.parallelism} rather than vLLM flags. */
    static final Map<String, String> PARALLELISM = Map.of("tensor-parallel-size", "tensor", "pipeline-parallel-size", "pipeline");
    /** Args KServe sets itself from other fields; passing them again would contradict it. */
    static final Set<String> KSERVE_OWNED = Set.of("served-model-name", "port", "model");

    private LlmWorkloads() {
    }

    static ObjectNode llmInferenceService(ResourceKey key, JsonNode manifest, Map<String, JsonNode> adapters,
                                          KubeSettings settings, String namespace) {
        ObjectNode object = KubeJson.object(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.objectName(key), namespace,
                KubeNames.labels(key), manifest);
        if (!adapters.isEmpty()) {
            ((ObjectNode) object.get("metadata")).withObject("annotations")
                    .put(ADAPTERS, JsonMapper.shared().writeValueAsString(new TreeMap<>(adapters)));
        }
        JsonNode spec = manifest.path("spec");
        ObjectNode body = object.putObject("spec");
        ObjectNode model = body.putObject("model").put("uri", spec.path("model").path("uri").asString());
        model.put("name", servedName(key, spec));
        if (!adapters.isEmpty()) {
            ArrayNode list = model.putObject("lora").putArray("adapters");
            new TreeMap<>(adapters).forEach((name, adapter) -> list.addObject()
                    .put("uri", adapter.path("spec").path("uri").asString()).put("name", name));
        }
        body.put("replicas", spec.path("replicas").asInt(1));
        JsonNode args = spec.path("runtime").path("args");
        ObjectNode parallelism = KubeJson.JSON.objectNode();
        PARALLELISM.forEach((arg, field) -> KubeJson.integer(args.path(arg)).ifPresent(n -> parallelism.put(field, n)));
        if (!parallelism.isEmpty()) {
            body.set("parallelism", parallelism);
        }
        body.set("template", template(spec, settings));
        return object;
    }

    static String servedName(ResourceKey key, JsonNode spec) {
        return spec.path("model").path("servedName").asString(key.name());
    }

    private static ObjectNode template(JsonNode spec, KubeSettings settings) {
        ObjectNode pod = KubeJson.JSON.objectNode();
        ObjectNode container = pod.putArray("containers").addObject().put("name", CONTAINER);
        String image = spec.path("runtime").path("image").asString("");
        if (!image.isBlank()) {
            container.put("image", image);
        }
        Map<String, String> env = new TreeMap<>();
        spec.path("runtime").path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asString()));
        String extra = extraArgs(spec.path("runtime").path("args"));
        if (!extra.isEmpty()) {
            env.put(EXTRA_ARGS, extra);
        }
        if (!env.isEmpty()) {
            ArrayNode list = container.putArray("env");
            env.forEach((name, value) -> list.addObject().put("name", name).put("value", value));
        }
        int gpus = spec.path("resources").path("gpu").path("count").asInt(0);
        if (gpus > 0) {
            container.putObject("resources").putObject("limits").put(ServingPod.GPU, String.valueOf(gpus));
            String type = spec.path("resources").path("gpu").path("type").asString("");
            if (!type.isEmpty()) {
                pod.putObject("nodeSelector").put(ServingPod.PRODUCT_LABEL, settings.productOf(type));
            }
            pod.putArray("tolerations").addObject().put("key", ServingPod.GPU).put("operator", "Exists")
                    .put("effect", "NoSchedule");
        }
        return pod;
    }

    /**
     * vLLM flags for the args that are not parallelism, in key order: {@code --max-model-len=8192 --enforce-eager}.
     * KServe's template runs {@code eval "vllm serve ... ${VLLM_ADDITIONAL_ARGS}"}, so the variable is parsed as shell
     * words: a value that is not a plain word is single-quoted ({@code --chat-template='a b'}), which keeps its
     * spaces and makes {@code $(..)}, {@code ;} and quotes in it plain text rather than commands.
     */
    static String extraArgs(JsonNode args) {
        return new TreeMap<>(args.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                .entrySet().stream().filter(e -> !PARALLELISM.containsKey(e.getKey()))
                .map(e -> e.getValue().isBoolean()
                        ? (e.getValue().asBoolean() ? "--" + e.getKey() : "--no-" + e.getKey())
                        : "--" + e.getKey() + "=" + shellWord(e.getValue().isValueNode() ? e.getValue().asString() : e.getValue().toString()))
                .collect(Collectors.joining(" "));
    }

    /** The value as one shell word: as is when it has only characters a shell leaves alone, else single-quoted. */
    static String shellWord(String value) {
        if (PLAIN_WORD.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static final java.util.regex.Pattern PLAIN_WORD = java.util.regex.Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    /** An arg name that can stand in a shell word unquoted: the eval would run anything else. */
    static final java.util.regex.Pattern FLAG_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
}
