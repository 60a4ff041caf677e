package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.ResourceKey;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a ModelDeployment becomes: a Deployment, a Service and, when autoscaled, an HPA ({@code deployment}
 * flavor), or a KServe InferenceService ({@code kserve} flavor). Pure functions of the spec and settings,
 * so the same spec always renders the same objects and re-applying them changes nothing.
 */
final class Workloads {

    /** The port every Service exposes, whatever port the engine listens on, so routes need not know. */
    static final int SERVICE_PORT = 8000;
    /** KServe's predictor Service listens on 80. */
    static final int KSERVE_PORT = 80;

    private Workloads() {
    }

    static ObjectNode deployment(ResourceKey key, ModelDeployment.Spec spec, JsonNode manifest, KubeSettings settings,
                                 String namespace) {
        Map<String, String> labels = KubeNames.labels(key);
        ObjectNode deployment = KubeJson.object(KubeKind.DEPLOYMENT, KubeNames.objectName(key), namespace, labels, manifest);
        ObjectNode body = deployment.putObject("spec");
        if (spec.autoscaling() == null) {
            // Left out when autoscaled: the HPA owns the count, and sending one would fight it.
            body.put("replicas", spec.effectiveReplicas());
        }
        body.putObject("selector").set("matchLabels", KubeJson.strings(labels));
        ObjectNode template = body.putObject("template");
        template.putObject("metadata").set("labels", KubeJson.strings(labels));
        template.set("spec", ServingPod.podSpec(spec, settings, "server", true));
        return deployment;
    }

    static ObjectNode service(ResourceKey key, String namespace) {
        Map<String, String> labels = KubeNames.labels(key);
        ObjectNode service = KubeJson.object(KubeKind.SERVICE, KubeNames.objectName(key), namespace, labels, null);
        ObjectNode body = service.putObject("spec");
        body.set("selector", KubeJson.strings(labels));
        body.putArray("ports").addObject().put("name", ServingPod.PORT_NAME).put("port", SERVICE_PORT)
                .put("targetPort", ServingPod.PORT_NAME).put("protocol", "TCP");
        return service;
    }

    static ObjectNode hpa(ResourceKey key, ModelDeployment.Autoscaling autoscaling, KubeSettings settings, String namespace) {
        String name = KubeNames.objectName(key);
        ObjectNode hpa = KubeJson.object(KubeKind.HPA, name, namespace, KubeNames.labels(key), null);
        ObjectNode body = hpa.putObject("spec");
        body.putObject("scaleTargetRef").put("apiVersion", KubeKind.DEPLOYMENT.apiVersion())
                .put("kind", KubeKind.DEPLOYMENT.kind()).put("name", name);
        body.put("minReplicas", autoscaling.minReplicas()).put("maxReplicas", autoscaling.maxReplicas());
        if (autoscaling.targetConcurrency() != null) {
            // Requests in flight per pod, served to the HPA by a custom-metrics adapter (such as prometheus-adapter).
            ObjectNode pods = body.putArray("metrics").addObject().put("type", "Pods").putObject("pods");
            pods.putObject("metric").put("name", settings.concurrencyMetric());
            pods.putObject("target").put("type", "AverageValue")
                    .put("averageValue", String.valueOf(autoscaling.targetConcurrency()));
        }
        return hpa;
    }

    static ObjectNode inferenceService(ResourceKey key, ModelDeployment.Spec spec, JsonNode manifest,
                                       KubeSettings settings, String namespace) {
        ObjectNode isvc = KubeJson.object(KubeKind.INFERENCE_SERVICE, KubeNames.objectName(key), namespace,
                KubeNames.labels(key), manifest);
        ObjectNode predictor = isvc.putObject("spec").putObject("predictor");
        if (spec.autoscaling() == null) {
            predictor.put("minReplicas", spec.effectiveReplicas()).put("maxReplicas", spec.effectiveReplicas());
        } else {
            predictor.put("minReplicas", spec.autoscaling().minReplicas())
                    .put("maxReplicas", spec.autoscaling().maxReplicas());
            if (spec.autoscaling().targetConcurrency() != null) {
                predictor.put("scaleMetric", "concurrency").put("scaleTarget", spec.autoscaling().targetConcurrency());
            }
        }
        // A predictor is a pod spec with extra fields: a custom container serves any engine the same way.
        predictor.setAll(ServingPod.podSpec(spec, settings, "kserve-container", false));
        return isvc;
    }
}
