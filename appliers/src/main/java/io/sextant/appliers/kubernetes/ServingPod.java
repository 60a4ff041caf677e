package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.SecretRef;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pod that serves a ModelDeployment, as Kubernetes JSON: one engine container with the GPU limit,
 * the GPU product as node selector and the GPU taint tolerated (the NVIDIA GPU operator's conventions).
 * Shared by the Deployment and the KServe predictor, which inlines the same pod fields.
 */
final class ServingPod {

    static final String GPU = "nvidia.com/gpu";
    static final String PRODUCT_LABEL = "nvidia.com/gpu.product";
    static final String PORT_NAME = "http";
    /** The variable vLLM, TGI and huggingface_hub read a Hugging Face token from. */
    static final String HF_TOKEN = "HF_TOKEN";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ServingPod() {
    }

    /**
     * @param containerName the container's name ({@code kserve-container} is what KServe expects)
     * @param namedPort     whether to name the port (Knative, under KServe, only accepts a few names)
     */
    static ObjectNode podSpec(ModelDeployment.Spec spec, KubeSettings settings, String containerName, boolean namedPort) {
        ModelSource source = ModelSource.of(spec.model().uri());
        EngineCommand line = EngineCommand.of(spec, source.model());
        ObjectNode pod = JSON.objectNode();
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", containerName).put("image", spec.runtime().image());
        line.command().forEach(container.putArray("command")::add);
        line.args().forEach(container.putArray("args")::add);
        ObjectNode port = container.putArray("ports").addObject();
        if (namedPort) {
            port.put("name", PORT_NAME);
        }
        port.put("containerPort", line.port()).put("protocol", "TCP");
        ArrayNode env = environment(spec);
        if (!env.isEmpty()) {
            container.set("env", env);
        }
        int gpus = gpuCount(spec);
        if (gpus > 0) {
            container.putObject("resources").putObject("limits").put(GPU, String.valueOf(gpus));
        }
        container.putObject("readinessProbe").put("periodSeconds", 10).put("failureThreshold", 3)
                .putObject("httpGet").put("path", line.healthPath()).put("port", line.port());
        ArrayNode mounts = JSON.arrayNode();
        ArrayNode volumes = JSON.arrayNode();
        if (spec.runtime().engine().equals("vllm") || spec.runtime().engine().equals("sglang")) {
            // Tensor parallelism talks over shared memory; the container default of 64Mi is far too small.
            volumes.addObject().put("name", "dshm").putObject("emptyDir").put("medium", "Memory");
            mounts.addObject().put("name", "dshm").put("mountPath", "/dev/shm");
        }
        source.claim().ifPresent(claim -> {
            volumes.addObject().put("name", "model").putObject("persistentVolumeClaim")
                    .put("claimName", claim).put("readOnly", true);
            mounts.addObject().put("name", "model").put("mountPath", ModelSource.mountPath(claim)).put("readOnly", true);
        });
        if (!mounts.isEmpty()) {
            container.set("volumeMounts", mounts);
            pod.set("volumes", volumes);
        }
        if (gpus > 0) {
            if (spec.resources().gpu().type() != null) {
                pod.putObject("nodeSelector").put(PRODUCT_LABEL, settings.productOf(spec.resources().gpu().type()));
            }
            pod.putArray("tolerations").addObject().put("key", GPU).put("operator", "Exists").put("effect", "NoSchedule");
        }
        return pod;
    }

    /**
     * Literal variables by value; secret references as {@code valueFrom.secretKeyRef}, so the value stays in the
     * cluster's Secret and never passes through the engine; the model's credentials as {@link #HF_TOKEN}.
     */
    private static ArrayNode environment(ModelDeployment.Spec spec) {
        TreeMap<String, Object> all = new TreeMap<>(spec.runtime().env());
        all.putAll(spec.runtime().secretEnv());
        if (spec.model().credentials() != null) {
            all.put(HF_TOKEN, spec.model().credentials());
        }
        ArrayNode env = JSON.arrayNode();
        all.forEach((name, value) -> {
            ObjectNode variable = env.addObject().put("name", name);
            if (value instanceof SecretRef ref) {
                variable.putObject("valueFrom").putObject("secretKeyRef").put("name", ref.name()).put("key", ref.key());
            } else {
                variable.put("value", (String) value);
            }
        });
        return env;
    }

    static int gpuCount(ModelDeployment.Spec spec) {
        return spec.resources() == null || spec.resources().gpu() == null ? 0 : spec.resources().gpu().count();
    }
}
