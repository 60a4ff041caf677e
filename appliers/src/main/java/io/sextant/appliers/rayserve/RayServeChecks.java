package io.sextant.appliers.rayserve;

import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.ServingChecks;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a {@code ray-serve} backend cannot serve, each pointing at the field responsible. */
final class RayServeChecks {

    static final ServingChecks CHECKS = ServingChecks.builder()
            .serves(ModelDeployment.KIND, ModelDeployment.class, (who, deployment) -> deployment(who, deployment.spec()))
            .refuses(LoraAdapter.KIND, "cannot load LoRA adapters: the Serve REST API has no adapter call (Ray Serve LLM "
                    + "loads adapters per request from its dynamic_lora_loading_path); put the adapter in that path "
                    + "instead, or use a vllm backend")
            .refuses(InferenceRoute.KIND, "cannot split traffic by weight: a Serve application has one route_prefix and "
                    + "Ray's config has no weighted routes between applications; use a kubernetes backend")
            .build();

    private RayServeChecks() {
    }

    private static List<Unsupported> deployment(String who, ModelDeployment.Spec spec) {
        String engine = spec.runtime() == null ? null : spec.runtime().engine();
        Map<String, Object> args = spec.runtime() == null ? Map.of() : spec.runtime().args();
        List<Unsupported> problems = new ArrayList<>();
        if (!"ray-serve".equals(engine) && !"vllm".equals(engine)) {
            problems.add(new Unsupported("spec.runtime.engine", who + " serves only engines 'ray-serve' and 'vllm' "
                    + "(through Ray Serve LLM), not '" + engine + "'"));
            return problems;
        }
        ModelDeployment.Gpu gpu = spec.resources() == null ? null : spec.resources().gpu();
        if (gpu != null && gpu.count() > 0 && gpu.type() != null && RayAccelerators.rayName(gpu.type()).isEmpty()) {
            problems.add(new Unsupported("spec.resources.gpu.type", who + " has no Ray accelerator_type for GPU type '"
                    + gpu.type() + "', so Ray could not keep replicas on that GPU (types with a Ray name: "
                    + RayAccelerators.known() + ")"));
        }
        boolean custom = args.containsKey("import-path");
        if (!custom && "ray-serve".equals(engine)) {
            problems.add(new Unsupported("spec.runtime.args.import-path", who + " needs the application to run: set "
                    + "import-path (module:app, such as my_app:app) and deployment (the Serve deployment to scale)"));
        }
        if (custom && !(args.get("deployment") instanceof String name && !name.isBlank())) {
            problems.add(new Unsupported("spec.runtime.args.deployment", who + " needs the name of the Serve deployment "
                    + "that gets the replicas and GPUs of this spec (the @serve.deployment class of " + args.get("import-path") + ")"));
        }
        if (!custom && "vllm".equals(engine) && spec.resources() != null && spec.resources().gpu() != null) {
            int gpus = spec.resources().gpu().count();
            int tensor = whole(args.get("tensor-parallel-size"), gpus);
            int pipeline = whole(args.get("pipeline-parallel-size"), 1);
            if (gpus > 0 && tensor * Math.max(1, pipeline) != gpus) {
                problems.add(new Unsupported("spec.resources.gpu.count", who + " gives each Ray Serve LLM replica "
                        + "tensor-parallel-size x pipeline-parallel-size GPUs (" + tensor * Math.max(1, pipeline)
                        + "), not " + gpus));
            }
        }
        return problems;
    }

    private static int whole(Object value, int fallback) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        if (value instanceof String text && text.matches("\\d{1,6}")) {
            return Integer.parseInt(text);
        }
        return fallback;
    }
}
