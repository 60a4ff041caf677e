package io.sextant.spec.validate;

import io.sextant.spec.api.Kind;
import io.sextant.spec.api.LoraAdapter;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.List;

/** A LoRA adapter names a ModelDeployment of its own namespace, which is also where it will run. */
final class AdapterDeployment implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (DocumentSet.Typed<LoraAdapter> each : documents.of(LoraAdapter.class)) {
            String namespace = each.resource().metadata().namespace();
            String deployment = each.resource().spec().deployment();
            if (documents.deployment(namespace, deployment) == null) {
                errors.add(each.document().unresolved("spec.deployment", deploymentKey(namespace, deployment),
                        notFound(deployment, namespace)));
            }
        }
    }

    static ResourceKey deploymentKey(String namespace, String name) {
        return new ResourceKey(Kind.MODEL_DEPLOYMENT, namespace, name);
    }

    static String notFound(String deployment, String namespace) {
        return "ModelDeployment '" + deployment + "' not found in namespace '" + namespace + "'";
    }
}
