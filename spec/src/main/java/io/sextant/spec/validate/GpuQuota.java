package io.sextant.spec.validate;

import io.sextant.plugin.GpuClaim;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SpecError;
import io.sextant.spec.api.SpecDocument;
import io.sextant.spec.api.ValidationContext;
import io.sextant.spec.policy.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A namespace holds no more GPUs of a type than its quota: the sum of what its resources claim
 * ({@link io.sextant.plugin.KindDefinition#gpus}; for a deployment, replicas or autoscaling.maxReplicas
 * since the autoscaler may go there, times gpu.count).
 *
 * <p>Every resource using the exhausted type is reported, not just the last one read: which one
 * "broke" the quota depends on file order, which means nothing.
 */
final class GpuQuota implements Rule {

    /** The policy key a violation names, so the engine blocks and audits it as policy. */
    static final String RULE = "gpu-quota";

    private record Claim(SpecDocument document, GpuClaim gpus) {}

    /** A quota sums a whole namespace: a change reaches every resource of its namespace that has a quota. */
    @Override
    public Set<ResourceKey> scope(DocumentIndex index, Set<ResourceKey> touched, Set<ResourceKey> failing,
                                  ValidationContext context) {
        Set<ResourceKey> scope = new HashSet<>(touched);
        Set<String> namespaces = new HashSet<>();
        touched.forEach(key -> namespaces.add(key.namespace()));
        for (String namespace : namespaces) {
            ValidationContext.NamespacePolicy policy = context.policyFor(namespace);
            if (policy != null && !policy.gpuQuota().isEmpty()) {
                scope.addAll(index.resourcesIn(namespace));
            }
        }
        return scope;
    }

    @Override
    public void check(DocumentSet documents, ValidationContext context, List<SpecError> errors) {
        Map<String, Map<String, List<Claim>>> users = new LinkedHashMap<>();
        for (SpecDocument document : documents.unique()) {
            for (GpuClaim claim : documents.kinds().definition(document.key().kind()).gpus(document.resource())) {
                if (claim.count() > 0) {
                    users.computeIfAbsent(document.key().namespace(), ns -> new LinkedHashMap<>())
                            .computeIfAbsent(claim.type(), type -> new ArrayList<>())
                            .add(new Claim(document, claim));
                }
            }
        }
        users.forEach((namespace, byType) -> {
            ValidationContext.NamespacePolicy policy = context.policyFor(namespace);
            if (policy == null) {
                return;
            }
            byType.forEach((type, claims) -> {
                Integer quota = policy.gpuQuota().get(type);
                long total = claims.stream().mapToLong(each -> each.gpus().count()).sum();
                if (quota != null && total > quota) {
                    claims.forEach(each -> errors.add(each.document().error(each.gpus().field(), new Violation(
                            each.gpus().field(), RULE, "namespace '" + namespace + "' would hold " + total + " " + type
                            + " GPUs, over its quota of " + quota
                            + (each.gpus().detail().isEmpty() ? "" : " (" + each.gpus().detail() + ")")).describe())));
                }
            });
        });
    }
}
