package io.sextant.spec.validate;

import io.sextant.spec.api.InferenceRoute;
import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A route's targets exist in its namespace, appear once each, share one backend (a route is one
 * backend's traffic split) and their weights sum to 100.
 */
final class RouteTargets implements Rule {

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        for (DocumentSet.Typed<InferenceRoute> each : documents.of(InferenceRoute.class)) {
            SpecDocument document = each.document();
            String namespace = each.resource().metadata().namespace();
            List<InferenceRoute.Target> targets = each.resource().spec().targets();
            Map<String, Integer> seen = new HashMap<>();
            int firstOnBackend = -1;
            String backend = null;
            int sum = 0;
            for (int i = 0; i < targets.size(); i++) {
                String field = "spec.targets[" + i + "].deployment";
                String name = targets.get(i).deployment();
                sum += targets.get(i).weight();
                Integer earlier = seen.putIfAbsent(name, i);
                if (earlier != null) {
                    errors.add(document.error(field, "'" + name + "' is already spec.targets[" + earlier + "]"));
                    continue;
                }
                ModelDeployment target = documents.deployment(namespace, name);
                if (target == null) {
                    errors.add(document.unresolved(field, AdapterDeployment.deploymentKey(namespace, name),
                            AdapterDeployment.notFound(name, namespace)));
                } else if (backend == null) {
                    backend = target.spec().backend();
                    firstOnBackend = i;
                } else if (!backend.equals(target.spec().backend())) {
                    errors.add(document.error(field, "'" + name + "' is on backend '" + target.spec().backend()
                            + "' but spec.targets[" + firstOnBackend + "] is on '" + backend
                            + "': all targets of a route must share one backend"));
                }
            }
            if (sum != 100 && !targets.isEmpty()) {
                errors.add(document.error("spec.targets", "weights must sum to 100 (they sum to " + sum + ")"));
            }
        }
    }
}
