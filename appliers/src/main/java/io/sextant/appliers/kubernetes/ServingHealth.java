package io.sextant.appliers.kubernetes;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Health as "the model answers", on top of what the workload's own status says ({@link KubeHealth}): an
 * available Deployment is Healthy only when its Service has ready endpoints (EndpointSlices
 * {@code discovery.k8s.io/v1}, {@code endpoints[].conditions.ready}), since that is what a request reaches;
 * a resource that is not Healthy carries the reason its pods show ({@link PodReasons}), and is Degraded when
 * that reason will not pass by waiting (ImagePullBackOff, OOMKilled, CrashLoopBackOff, Unschedulable).
 *
 * <p>Reads happen only where they can change the verdict: EndpointSlices for a resource that otherwise reads
 * Healthy, pods for one that does not. So a rollout in progress costs one pod list, and a healthy fleet one
 * EndpointSlice list per drift scan ({@link #fleet}).
 */
final class ServingHealth {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    /** The label KServe puts on the pods of a predictor. */
    static final String KSERVE_LABEL = "serving.kserve.io/inferenceservice";

    private ServingHealth() {
    }

    /** Where the pods and endpoint slices of the resources come from: one object's reads, or a fleet's lists. */
    interface Lookup {
        List<ObjectNode> endpointSlices(String service) throws BackendException;

        List<ObjectNode> pods(ResourceKey key, String objectName) throws BackendException;
    }

    /** Reads for one resource (an engine observing what a commit changed). */
    static Lookup single(KubeApi api, KubeSettings settings) {
        return new Lookup() {
            @Override
            public List<ObjectNode> endpointSlices(String service) throws BackendException {
                return api.list(KubeKind.ENDPOINT_SLICE, Map.of(SERVICE_NAME_LABEL, service));
            }

            @Override
            public List<ObjectNode> pods(ResourceKey key, String objectName) throws BackendException {
                return api.list(KubeKind.POD, podLabels(key, objectName, settings));
            }
        };
    }

    /**
     * Reads for every resource of a drift scan: one list of Sextant's EndpointSlices (the EndpointSlice
     * controller copies the Service's labels onto them) and one of its pods, each made on first need only.
     */
    static Lookup fleet(KubeApi api, KubeSettings settings) {
        Lookup single = single(api, settings);
        return new Lookup() {
            private List<ObjectNode> slices;
            private List<ObjectNode> pods;

            @Override
            public List<ObjectNode> endpointSlices(String service) throws BackendException {
                if (slices == null) {
                    slices = api.list(KubeKind.ENDPOINT_SLICE, KubeNames.kindLabels(ModelDeployment.KIND));
                }
                return slices.stream().filter(s -> service.equals(KubeJson.labels(s).get(SERVICE_NAME_LABEL))).toList();
            }

            @Override
            public List<ObjectNode> pods(ResourceKey key, String objectName) throws BackendException {
                if (settings.flavor() == KubeSettings.Flavor.KSERVE) {
                    return single.pods(key, objectName);
                }
                if (pods == null) {
                    pods = api.list(KubeKind.POD, KubeNames.kindLabels(ModelDeployment.KIND));
                }
                return pods.stream().filter(p -> KubeNames.owns(KubeJson.labels(p), key)).toList();
            }
        };
    }

    /** The health of a served model, judged further from its endpoints or pods. */
    static ObservedResource refine(ObservedResource observed, Lookup lookup, KubeSettings settings)
            throws BackendException {
        String objectName = KubeNames.objectName(observed.key());
        boolean deploymentFlavor = settings.flavor() == KubeSettings.Flavor.DEPLOYMENT;
        if (observed.health() == Health.HEALTHY) {
            if (!deploymentFlavor) {
                return observed; // KServe's Ready condition already includes its endpoints
            }
            int ready = readyEndpoints(lookup.endpointSlices(objectName));
            return ready > 0
                    ? with(observed, Health.HEALTHY, observed.message() + "; " + ready + " ready endpoint"
                            + (ready == 1 ? "" : "s"))
                    : with(observed, Health.PROGRESSING, "Service " + objectName + " has no ready endpoints ("
                            + observed.message() + ")");
        }
        if (observed.health() != Health.PROGRESSING && observed.health() != Health.DEGRADED) {
            return observed;
        }
        Optional<PodReasons.Reason> reason = PodReasons.of(lookup.pods(observed.key(), objectName));
        if (reason.isEmpty()) {
            return observed;
        }
        Health health = reason.get().stuck() ? Health.DEGRADED : observed.health();
        return with(observed, health, reason.get().message() + " (" + observed.message() + ")");
    }

    /** Endpoints that take traffic; a missing {@code ready} means unknown, which consumers treat as ready. */
    static int readyEndpoints(List<? extends JsonNode> slices) {
        int ready = 0;
        for (JsonNode slice : slices) {
            for (JsonNode endpoint : slice.path("endpoints")) {
                JsonNode flag = endpoint.path("conditions").path("ready");
                if (!flag.isBoolean() || flag.asBoolean()) {
                    ready++;
                }
            }
        }
        return ready;
    }

    static Map<String, String> podLabels(ResourceKey key, String objectName, KubeSettings settings) {
        return settings.flavor() == KubeSettings.Flavor.KSERVE ? Map.of(KSERVE_LABEL, objectName) : KubeNames.labels(key);
    }

    private static ObservedResource with(ObservedResource observed, Health health, String message) {
        return new ObservedResource(observed.key(), observed.manifest(), health, message);
    }
}
