package io.sextant.appliers.triton;

import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.ServingChecks;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;

/** What a {@code triton} backend cannot serve, each pointing at the field responsible. */
final class TritonChecks {

    static final ServingChecks CHECKS = ServingChecks.builder()
            .serves(ModelDeployment.KIND, ModelDeployment.class, (who, deployment) -> deployment(who, deployment.spec()))
            .refuses(LoraAdapter.KIND, "cannot load LoRA adapters: Triton's repository API loads whole models (its vLLM "
                    + "backend reads adapters from multi_lora.json in the model repository); use a vllm backend")
            .refuses(InferenceRoute.KIND, "serves each model under its own name and has no weighted aliases; "
                    + "use a kubernetes backend")
            .build();

    private TritonChecks() {
    }

    private static List<Unsupported> deployment(String who, ModelDeployment.Spec spec) {
        List<Unsupported> problems = new ArrayList<>();
        if (spec.runtime() == null || !"triton".equals(spec.runtime().engine())) {
            problems.add(new Unsupported("spec.runtime.engine", who + " serves only engine 'triton'"));
        }
        if (spec.autoscaling() != null) {
            problems.add(new Unsupported("spec.autoscaling", who + " has no autoscaler: a model runs a fixed number of "
                    + "instances; set replicas"));
        } else if (spec.replicas() != null && spec.replicas() < 1) {
            problems.add(new Unsupported("spec.replicas", who + " cannot load a model with 0 instances; remove the "
                    + "spec to unload the model"));
        }
        if (spec.model() != null && spec.model().revision() != null && !spec.model().revision().matches("\\d{1,18}")) {
            problems.add(new Unsupported("spec.model.revision", who + " pins a model by its numeric version directory "
                    + "in the model repository, not '" + spec.model().revision() + "'"));
        }
        problems.addAll(ServingChecks.noSecretReferences(who, spec));
        Object batch = spec.runtime() == null ? null : spec.runtime().args().get("max-batch-size");
        if (batch != null && !String.valueOf(batch).matches("\\d{1,9}")) {
            problems.add(new Unsupported("spec.runtime.args.max-batch-size", who + " needs a whole number >= 0, got '"
                    + batch + "'"));
        }
        return problems;
    }
}
