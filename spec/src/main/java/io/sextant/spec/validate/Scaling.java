package io.sextant.spec.validate;

import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;

/** A deployment has either a fixed replica count or autoscaling bounds, and the bounds make sense. */
final class Scaling implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (DocumentSet.Typed<ModelDeployment> each : documents.of(ModelDeployment.class)) {
            ModelDeployment.Spec spec = each.resource().spec();
            if (spec.replicas() == null && spec.autoscaling() == null) {
                errors.add(each.document().error("spec.replicas", "set either replicas or autoscaling"));
            } else if (spec.replicas() != null && spec.autoscaling() != null) {
                errors.add(each.document().error("spec.autoscaling", "set either replicas or autoscaling, not both"));
            }
            ModelDeployment.Autoscaling autoscaling = spec.autoscaling();
            if (autoscaling == null) {
                continue;
            }
            if (autoscaling.minReplicas() < 0) {
                errors.add(each.document().error("spec.autoscaling.minReplicas", "must be >= 0"));
            }
            if (autoscaling.maxReplicas() < autoscaling.minReplicas()) {
                errors.add(each.document().error("spec.autoscaling.maxReplicas",
                        "must be >= minReplicas (" + autoscaling.minReplicas() + ")"));
            }
        }
    }
}
