package io.sextant.appliers.kubernetes;

import io.sextant.plugin.ObservedResource;
import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.plugin.ResourceKey;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which objects of a ModelDeployment ({@code deployment} flavor) are not as Sextant applies them, put under
 * {@value ObservedResource#OBJECTS} in the observed manifest: the resource's own fields cannot show a
 * Service deleted or edited by hand, and without this the drift scan would not see it.
 *
 * <p>An object is reported exactly when {@link KubernetesApplier#apply} would write it (the same rendering,
 * the same {@link JsonSubset} test), so healing the drift is one server-side apply per reported object and
 * none for the rest. What the live object has beyond that (server defaults, other field managers' fields)
 * is never reported. Changes the manifest already shows are not reported twice: an HPA is compared with
 * the HPA rendered from the autoscaling read back from it, so only its other fields count here, and a
 * missing HPA shows as {@code /spec/autoscaling}. The Deployment is the resource itself: when it is
 * missing the whole resource reads as absent.
 */
final class ObjectDrift {

    static final String MISSING = "Missing";

    private ObjectDrift() {
    }

    /** Adds the report to {@code manifest} when an object is out of step; leaves it alone otherwise. */
    static void report(ObjectNode manifest, ResourceKey key, String namespace, Optional<ObjectNode> service,
                       Optional<ObjectNode> hpa, KubeSettings settings) {
        ObjectNode report = KubeJson.JSON.objectNode();
        String name = KubeNames.objectName(key);
        String serviceState = service.isEmpty() ? MISSING
                : state(service.get(), KubeJson.stamped(Workloads.service(key, namespace)));
        if (serviceState != null) {
            report.putObject(KubeKind.SERVICE.kind()).put(name, serviceState);
        }
        JsonNode autoscaling = manifest.path("spec").path("autoscaling");
        if (hpa.isPresent() && autoscaling.isObject()) {
            String hpaState = state(hpa.get(), Workloads.hpa(key, readBack(autoscaling), settings, namespace));
            if (hpaState != null) {
                report.putObject(KubeKind.HPA.kind()).put(name, hpaState);
            }
        }
        if (!report.isEmpty()) {
            manifest.set(ObservedResource.OBJECTS, report);
        }
    }

    /** {@code Modified: <differences>}, or null when the live object holds everything in {@code want}. */
    private static String state(ObjectNode live, ObjectNode want) {
        List<String> differences = JsonSubset.differences(live, want, JsonSubset.MAX_DIFFERENCES);
        return differences.isEmpty() ? null : "Modified: " + String.join("; ", differences);
    }

    private static ModelDeployment.Autoscaling readBack(JsonNode autoscaling) {
        JsonNode target = autoscaling.path("targetConcurrency");
        return new ModelDeployment.Autoscaling(autoscaling.path("minReplicas").asInt(1),
                autoscaling.path("maxReplicas").asInt(1), target.isNumber() ? target.asInt() : null);
    }
}
