package io.sextant.spec.validate;

import io.sextant.spec.api.ModelDeployment;
import io.sextant.spec.api.ResourceKey;
import io.sextant.spec.api.SpecError;
import io.sextant.spec.api.ValidationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A namespace holds no more GPUs of a type than its quota: the sum over its deployments of
 * (replicas, or autoscaling.maxReplicas since the autoscaler may go there) x gpu.count.
 *
 * <p>Every deployment using the exhausted type is reported, not just the last one read: which one
 * "broke" the quota depends on file order, which means nothing.
 */
final class GpuQuota implements Rule {

    /** A quota sums a whole namespace: a change reaches every deployment of its namespace that has a quota. */
    @Override
    public Set<ResourceKey> scope(DocumentIndex index, Set<ResourceKey> touched, Set<ResourceKey> failing,
                                  ValidationContext context) {
        Set<ResourceKey> scope = new HashSet<>(touched);
        Set<String> namespaces = new HashSet<>();
        touched.forEach(key -> namespaces.add(key.namespace()));
        for (String namespace : namespaces) {
            ValidationContext.NamespacePolicy policy = context.namespaces().get(namespace);
            if (policy != null && !policy.gpuQuota().isEmpty()) {
                scope.addAll(index.deploymentsIn(namespace));
            }
        }
        return scope;
    }

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        Map<String, Map<String, List<DocumentSet.Typed<ModelDeployment>>>> users = new LinkedHashMap<>();
        for (DocumentSet.Typed<ModelDeployment> each : documents.of(ModelDeployment.class)) {
            ModelDeployment.Gpu gpu = gpu(each.resource());
            if (gpu != null && gpus(each.resource()) > 0) {
                users.computeIfAbsent(each.resource().metadata().namespace(), ns -> new LinkedHashMap<>())
                        .computeIfAbsent(gpu.type(), type -> new ArrayList<>())
                        .add(each);
            }
        }
        users.forEach((namespace, byType) -> {
            ValidationContext.NamespacePolicy policy = context.namespaces().get(namespace);
            if (policy == null) {
                return;
            }
            byType.forEach((type, deployments) -> {
                Integer quota = policy.gpuQuota().get(type);
                long total = deployments.stream().mapToLong(each -> gpus(each.resource())).sum();
                if (quota != null && total > quota) {
                    deployments.forEach(each -> errors.add(each.document().error("spec.resources.gpu.count",
                            "namespace '" + namespace + "' would hold " + total + " " + type + " GPUs, over its quota of "
                                    + quota + " (this deployment: " + replicas(each.resource()) + " replicas x "
                                    + gpu(each.resource()).count() + ")")));
                }
            });
        });
    }

    private static ModelDeployment.Gpu gpu(ModelDeployment deployment) {
        return deployment.spec().resources() == null ? null : deployment.spec().resources().gpu();
    }

    private static long gpus(ModelDeployment deployment) {
        return (long) replicas(deployment) * gpu(deployment).count();
    }

    /** The most replicas the deployment may run. */
    private static int replicas(ModelDeployment deployment) {
        ModelDeployment.Spec spec = deployment.spec();
        if (spec.autoscaling() != null) {
            return Math.max(spec.autoscaling().maxReplicas(), spec.replicas() == null ? 0 : spec.replicas());
        }
        return spec.replicas() == null ? 0 : spec.replicas();
    }
}
