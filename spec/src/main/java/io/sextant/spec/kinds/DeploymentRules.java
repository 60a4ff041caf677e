package io.sextant.spec.kinds;

import io.sextant.plugin.Resource;
import io.sextant.plugin.RuleContext;
import java.math.BigDecimal;

/** The semantic rules of a ModelDeployment alone. */
final class DeploymentRules {

    static final String TENSOR_PARALLEL = "tensor-parallel-size";
    /** The variable a model's credentials reach the serving engine as. */
    static final String HF_TOKEN = "HF_TOKEN";

    private DeploymentRules() {}

    /** Either a fixed replica count or autoscaling bounds, and the bounds make sense. */
    static void scaling(Resource resource, RuleContext context) {
        ModelDeployment.Spec spec = ((ModelDeployment) resource).spec();
        if (spec.replicas() == null && spec.autoscaling() == null) {
            context.error("spec.replicas", "set either replicas or autoscaling");
        } else if (spec.replicas() != null && spec.autoscaling() != null) {
            context.error("spec.autoscaling", "set either replicas or autoscaling, not both");
        }
        ModelDeployment.Autoscaling autoscaling = spec.autoscaling();
        if (autoscaling == null) {
            return;
        }
        if (autoscaling.minReplicas() < 0) {
            context.error("spec.autoscaling.minReplicas", "must be >= 0");
        }
        if (autoscaling.maxReplicas() < autoscaling.minReplicas()) {
            context.error("spec.autoscaling.maxReplicas", "must be >= minReplicas (" + autoscaling.minReplicas() + ")");
        }
    }

    /**
     * {@code model.credentials} is a Hugging Face token, so it only makes sense for {@code hf://}; object stores
     * take their keys by name in {@code runtime.env}. It becomes {@code HF_TOKEN}, which env must not set too.
     */
    static void credentials(Resource resource, RuleContext context) {
        ModelDeployment.Spec spec = ((ModelDeployment) resource).spec();
        if (spec.model() == null || spec.model().credentials() == null || spec.model().uri() == null) {
            return;
        }
        if (!spec.model().uri().toLowerCase(java.util.Locale.ROOT).startsWith("hf://")) {
            context.error("spec.model.credentials", "is a Hugging Face token, for hf:// models only; for s3:// name"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in spec.runtime.env as secretRefs");
        } else if (spec.runtime() != null && (spec.runtime().env().containsKey(HF_TOKEN)
                || spec.runtime().secretEnv().containsKey(HF_TOKEN))) {
            context.error("spec.runtime.env." + HF_TOKEN, "is set by spec.model.credentials; set one of them");
        }
    }

    /**
     * A replica's GPUs split evenly into tensor-parallel groups: {@code resources.gpu.count} is a multiple of
     * {@code runtime.args.tensor-parallel-size}, otherwise the engine fails at start-up on the GPU nodes.
     */
    static void tensorParallel(Resource resource, RuleContext context) {
        ModelDeployment.Spec spec = ((ModelDeployment) resource).spec();
        Object written = spec.runtime() == null ? null : spec.runtime().args().get(TENSOR_PARALLEL);
        if (written == null) {
            return;
        }
        long size = positiveInteger(written);
        if (size < 1) {
            context.error("spec.runtime.args." + TENSOR_PARALLEL, "must be a positive integer");
            return;
        }
        int gpus = spec.resources() == null || spec.resources().gpu() == null ? 0 : spec.resources().gpu().count();
        boolean needsGpus = size > 1 && gpus == 0;
        if (needsGpus || gpus % size != 0) {
            context.error("spec.resources.gpu.count", "must be a multiple of " + TENSOR_PARALLEL + " (" + size + ")");
        }
    }

    /** The most replicas the deployment may run: the autoscaler may go to its maximum. */
    static int maxReplicas(ModelDeployment.Spec spec) {
        if (spec.autoscaling() != null) {
            return Math.max(spec.autoscaling().maxReplicas(), spec.replicas() == null ? 0 : spec.replicas());
        }
        return spec.replicas() == null ? 0 : spec.replicas();
    }

    /** The value as a whole number, or -1 when it is not one ("2" as text is accepted: engines take flags as text). */
    private static long positiveInteger(Object value) {
        try {
            BigDecimal number = new BigDecimal(String.valueOf(value).strip());
            return number.signum() > 0 && number.stripTrailingZeros().scale() <= 0 ? number.longValueExact() : -1;
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }
}
