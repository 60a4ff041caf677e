package io.sextant.spec.validate;

import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.math.BigDecimal;
import java.util.List;

/**
 * A replica's GPUs split evenly into tensor-parallel groups: {@code resources.gpu.count} is a multiple of
 * {@code runtime.args.tensor-parallel-size}, otherwise the engine fails at start-up on the GPU nodes.
 */
final class TensorParallel implements Rule {

    static final String ARG = "tensor-parallel-size";
    private static final String FIELD = "spec.runtime.args." + ARG;

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (DocumentSet.Typed<ModelDeployment> each : documents.of(ModelDeployment.class)) {
            ModelDeployment.Spec spec = each.resource().spec();
            Object written = spec.runtime() == null ? null : spec.runtime().args().get(ARG);
            if (written == null) {
                continue;
            }
            long size = positiveInteger(written);
            if (size < 1) {
                errors.add(each.document().error(FIELD, "must be a positive integer"));
                continue;
            }
            int gpus = spec.resources() == null || spec.resources().gpu() == null ? 0 : spec.resources().gpu().count();
            boolean needsGpus = size > 1 && gpus == 0;
            if (needsGpus || gpus % size != 0) {
                errors.add(each.document().error("spec.resources.gpu.count",
                        "must be a multiple of " + ARG + " (" + size + ")"));
            }
        }
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
