package io.sextant.appliers.kubernetes;

import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.ServingChecks;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What a {@code kubernetes} backend cannot serve, said before any plan with the field to change. */
final class KubeSupport {

    /**
     * Deployments and routes; an adapter is a runtime call on a running vLLM server, not an object
     * Kubernetes keeps, so it is refused with what to use instead.
     */
    static final ServingChecks CHECKS = ServingChecks.builder()
            .serves(ModelDeployment.KIND, ModelDeployment.class, KubeSupport::deployment)
            .serves(InferenceRoute.KIND, InferenceRoute.class, (who, route) -> List.of())
            .refuses(LoraAdapter.KIND, "cannot hold LoRA adapters: they need a vllm backend pointing at the served "
                    + "deployment (vLLM loads adapters through its own API; Kubernetes has no object for them)")
            .build();

    /**
     * The {@code llm-inference-service} flavor: adapters are fields of their deployment's LLMInferenceService, and
     * routes are refused, because KServe makes the route of each LLMInferenceService itself ({@code spec.router})
     * and splits traffic only between members of its own routing group, which a Sextant route cannot name.
     */
    static final ServingChecks LLM_CHECKS = ServingChecks.builder()
            .serves(ModelDeployment.KIND, ModelDeployment.class, KubeSupport::llmDeployment)
            .serves(LoraAdapter.KIND, LoraAdapter.class, (who, adapter) -> List.of())
            .refuses(InferenceRoute.KIND, "(flavor llm-inference-service) cannot split traffic by weight: KServe routes each "
                    + "LLMInferenceService itself (spec.router); use a backend of flavor deployment or kserve for routes")
            .build();

    private KubeSupport() {
    }

    static ServingChecks checks(KubeSettings.Flavor flavor) {
        return flavor == KubeSettings.Flavor.LLM_INFERENCE_SERVICE ? LLM_CHECKS : CHECKS;
    }

    static List<Unsupported> check(String backend, KubeSettings.Flavor flavor, Resource resource) {
        return checks(flavor).check(backend, KubernetesApplierFactory.TYPE, resource);
    }

    private static List<Unsupported> llmDeployment(String on, ModelDeployment deployment) {
        ModelDeployment.Spec spec = deployment.spec();
        List<Unsupported> problems = new ArrayList<>();
        String engine = spec.runtime() == null ? null : spec.runtime().engine();
        if (!"vllm".equals(engine)) {
            problems.add(new Unsupported("spec.runtime.engine", on + " (flavor llm-inference-service) runs vLLM, "
                    + "KServe's LLMInferenceService runtime, not '" + engine + "'"));
            return problems;
        }
        if (spec.autoscaling() != null) {
            problems.add(new Unsupported("spec.autoscaling", on + " (flavor llm-inference-service) sets a fixed "
                    + "spec.replicas: LLMInferenceService v1alpha1 autoscaling needs KServe's own actuators, which Sextant "
                    + "does not configure; use replicas"));
        }
        String uri = spec.model().uri();
        if (uri == null || !uri.matches("(hf|s3|gs|pvc|oci)://.+")) {
            problems.add(new Unsupported("spec.model.uri", on + " (flavor llm-inference-service) needs a URI KServe's "
                    + "storage initializer reads: hf://, s3://, gs://, pvc:// or oci://, not '" + uri + "'"));
        }
        gpusFitParallelism(on, spec, problems);
        for (String arg : spec.runtime().args().keySet()) {
            if (!LlmWorkloads.FLAG_NAME.matcher(arg).matches()) {
                problems.add(new Unsupported("spec.runtime.args." + arg, on + " (flavor llm-inference-service): '" + arg
                        + "' is not a vLLM flag name (letters, digits, '-' and '_'); KServe's template passes it through a shell"));
            } else if (LlmWorkloads.KSERVE_OWNED.contains(arg)) {
                problems.add(new Unsupported("spec.runtime.args." + arg, on + " (flavor llm-inference-service): KServe "
                        + "sets --" + arg + " itself (from spec.model and its template); remove it"));
            }
        }
        return problems;
    }

    /**
     * KServe starts vLLM with tensor × pipeline workers per replica ({@code spec.parallelism}); a replica's GPUs must
     * split evenly into them, as the spec's own rule checks for tensor parallelism alone.
     */
    private static void gpusFitParallelism(String on, ModelDeployment.Spec spec, List<Unsupported> problems) {
        long workers = 1;
        for (String arg : LlmWorkloads.PARALLELISM.keySet()) {
            Object value = spec.runtime().args().get(arg);
            if (value == null) {
                continue;
            }
            long size = wholeNumber(value);
            if (size < 1) {
                problems.add(new Unsupported("spec.runtime.args." + arg, on + " (flavor llm-inference-service): must be "
                        + "a positive integer, got '" + value + "'"));
                return;
            }
            workers *= size;
        }
        int gpus = spec.resources() == null || spec.resources().gpu() == null ? 0 : spec.resources().gpu().count();
        if ((workers > 1 && gpus == 0) || (gpus > 0 && gpus % workers != 0)) {
            problems.add(new Unsupported("spec.resources.gpu.count", on + " (flavor llm-inference-service): must be a "
                    + "multiple of tensor-parallel-size × pipeline-parallel-size (" + workers + "), got " + gpus));
        }
    }

    private static long wholeNumber(Object value) {
        try {
            return Long.parseLong(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<Unsupported> deployment(String on, ModelDeployment deployment) {
        ModelDeployment.Spec spec = deployment.spec();
        List<Unsupported> problems = new ArrayList<>();
        String engine = spec.runtime() == null ? null : spec.runtime().engine();
        if (engine == null || !EngineCommand.ENGINES.contains(engine)) {
            String hint = "ray-serve".equals(engine) ? "; run it on a ray-serve backend" : "";
            problems.add(new Unsupported("spec.runtime.engine", "engine '" + engine + "' cannot run on " + on
                    + " (supported: " + String.join(", ", new TreeSet<>(EngineCommand.ENGINES)) + ")" + hint));
            return problems;
        }
        if (spec.runtime().image() == null || spec.runtime().image().isBlank()) {
            problems.add(new Unsupported("spec.runtime.image", on + " runs the engine in a container: set "
                    + "spec.runtime.image, such as vllm/vllm-openai:v0.11.0"));
        }
        try {
            ModelSource.of(spec.model().uri());
            if (engine.equals("triton") && spec.model().uri().startsWith("hf://")) {
                problems.add(new Unsupported("spec.model.uri", "Triton on " + on + " reads a model repository: "
                        + "use an s3://, gs://, file:// or pvc:// URI"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Unsupported("spec.model.uri", e.getMessage() + " on " + on));
        }
        return problems;
    }
}
