package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The Kubernetes object types this backend writes. Each is addressed by an explicit group, version and
 * plural, so no API discovery call is needed and a missing CRD shows as a plain 404.
 */
enum KubeKind {
    DEPLOYMENT("apps", "v1", "Deployment", "deployments"),
    SERVICE("", "v1", "Service", "services"),
    HPA("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
    INFERENCE_SERVICE("serving.kserve.io", "v1beta1", "InferenceService", "inferenceservices"),
    LLM_INFERENCE_SERVICE("serving.kserve.io", "v1alpha1", "LLMInferenceService", "llminferenceservices"),
    HTTP_ROUTE("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    /** Read only: which pods a Service's requests reach, for health. */
    ENDPOINT_SLICE("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices"),
    /** Read only: why pods do not serve, for health. */
    POD("", "v1", "Pod", "pods");

    private final String group;
    private final String version;
    private final String kind;
    private final String plural;

    KubeKind(String group, String version, String kind, String plural) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    String kind() {
        return kind;
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    @Override
    public String toString() {
        return kind;
    }
}
