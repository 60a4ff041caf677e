package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an InferenceRoute becomes: a Gateway API HTTPRoute that matches the public model name and spreads
 * requests over the target deployments' Services by weight.
 *
 * <p>OpenAI-style clients put the model name in the body; gateways with body-based routing (the Gateway
 * API inference extension) copy it to the {@value #MODEL_HEADER} header, which the route matches.
 */
final class Routes {

    static final String MODEL_HEADER = "X-Gateway-Model-Name";

    private Routes() {
    }

    static ObjectNode httpRoute(ResourceKey key, InferenceRoute.Spec spec, JsonNode manifest, KubeSettings settings,
                                String namespace) {
        ObjectNode route = KubeJson.object(KubeKind.HTTP_ROUTE, KubeNames.objectName(key), namespace,
                KubeNames.labels(key), manifest);
        ObjectNode body = route.putObject("spec");
        if (settings.gateway() != null) {
            ObjectNode parent = body.putArray("parentRefs").addObject();
            String[] parts = settings.gateway().split("/", 2);
            if (parts.length == 2) {
                parent.put("name", parts[1]).put("namespace", parts[0]);
            } else {
                parent.put("name", parts[0]);
            }
        }
        ObjectNode rule = body.putArray("rules").addObject();
        rule.putArray("matches").addObject().putArray("headers").addObject()
                .put("type", "Exact").put("name", MODEL_HEADER).put("value", spec.modelName());
        ArrayNode backends = rule.putArray("backendRefs");
        for (InferenceRoute.Target target : spec.resolvedTargets()) {
            backends.addObject().put("name", serviceOf(key.namespace(), target.deployment(), settings))
                    .put("port", settings.flavor() == KubeSettings.Flavor.KSERVE ? Workloads.KSERVE_PORT : Workloads.SERVICE_PORT)
                    .put("weight", target.weight());
        }
        return route;
    }

    /** The Service in front of a target deployment: ours, or the one KServe makes for the predictor. */
    static String serviceOf(String namespace, String deployment, KubeSettings settings) {
        String name = KubeNames.objectName(new ResourceKey(ModelDeployment.KIND, namespace, deployment));
        return settings.flavor() == KubeSettings.Flavor.KSERVE ? name + "-predictor" : name;
    }
}
