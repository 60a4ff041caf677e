package io.sextant.appliers.kubernetes;

import io.sextant.plugin.BindContext;
import io.sextant.plugin.KindDefinition;
import io.sextant.plugin.Metadata;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.BuiltInKinds;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Drift of every field Sextant sets on the object a resource is found by (Deployment, KServe
 * InferenceService, HTTPRoute): container args, probes, ports, volumes, tolerations, labels, backendRefs...
 * The read-back manifest ({@link LiveManifest}) only carries the fields that map back to the spec, so a hand
 * edit to args or a probe would otherwise go unseen.
 *
 * <p>The object is rendered again from the read-back manifest, exactly as apply renders it, and compared with
 * the live object by {@link JsonSubset}: only what Sextant sends counts, so what the API server defaults
 * ({@code terminationMessagePath}, {@code imagePullPolicy}, {@code protocol}, probe timeouts) and what other
 * field managers add are never drift. Rendering from the read-back (not from Git) means a change the manifest
 * already shows (image, env, replicas, GPUs, weights) is not reported a second time here, and healing is the
 * one server-side apply of the object that {@link KubernetesApplier#apply} makes when {@link JsonSubset} says
 * the live object lacks something.
 */
final class FieldDrift {

    /** Bound through the built-in kind definitions, as the loader binds them: one path from JSON to a spec. */
    private static final Map<String, KindDefinition> KINDS = new BuiltInKinds().kinds().stream()
            .collect(Collectors.toMap(KindDefinition::kind, Function.identity()));

    private FieldDrift() {
    }

    /** Adds {@code kind/name: Modified: ...} under {@value ObservedResource#OBJECTS} when the live object lacks a field. */
    static void report(ObjectNode manifest, ResourceKey key, KubeKind kind, JsonNode live, KubeSettings settings,
                       String namespace) {
        String state;
        try {
            ObjectNode want = render(manifest, key, kind, settings, namespace);
            List<String> differences = JsonSubset.differences(live, want, JsonSubset.MAX_DIFFERENCES);
            state = differences.isEmpty() ? null : "Modified: " + String.join("; ", differences);
        } catch (RuntimeException e) {
            // The recorded manifest no longer binds (its annotation edited by hand): the object cannot be what
            // Sextant applied, and re-applying it writes the annotation back.
            state = "Modified: the recorded manifest cannot be read (" + e.getMessage() + ")";
        }
        if (state != null) {
            JsonNode objects = manifest.get(ObservedResource.OBJECTS);
            ObjectNode into = objects instanceof ObjectNode existing ? existing : manifest.putObject(ObservedResource.OBJECTS);
            JsonNode ofKind = into.get(kind.kind());
            (ofKind instanceof ObjectNode existing ? existing : into.putObject(kind.kind()))
                    .put(KubeJson.name(live), state);
        }
    }

    /** The object apply would send for this manifest, without the bookkeeping annotations. */
    private static ObjectNode render(ObjectNode manifest, ResourceKey key, KubeKind kind, KubeSettings settings,
                                     String namespace) {
        Resource resource = bind(manifest, key);
        return switch (kind) {
            case DEPLOYMENT -> {
                ObjectNode deployment = Workloads.deployment(key, ((ModelDeployment) resource).spec(), null, settings,
                        namespace);
                if (!manifest.path("spec").has("replicas")) {
                    // Autoscaled (or the HPA is gone, which /spec/autoscaling shows): the count is not Sextant's.
                    ((ObjectNode) deployment.get("spec")).remove("replicas");
                }
                yield deployment;
            }
            case INFERENCE_SERVICE -> Workloads.inferenceService(key, ((ModelDeployment) resource).spec(), null,
                    settings, namespace);
            case HTTP_ROUTE -> Routes.httpRoute(key, ((InferenceRoute) resource).spec(), null, settings, namespace);
            // LLMInferenceService drift is its own (LlmServices reads it back whole, adapters included).
            case SERVICE, HPA, ENDPOINT_SLICE, POD, LLM_INFERENCE_SERVICE ->
                    throw new IllegalArgumentException(kind + " is not compared field by field here");
        };
    }

    private static Resource bind(ObjectNode manifest, ResourceKey key) {
        KindDefinition definition = KINDS.get(key.kind().apiName());
        BindContext context = new BindContext() {
            @Override
            public ResourceKey reference(String field, String text) {
                return null; // dependsOn does not render into objects
            }

            @Override
            public void problem(String field, String message) {
                throw new IllegalArgumentException(field + ": " + message);
            }
        };
        return definition.bind(new Metadata(key.name(), key.namespace(), Map.of()), manifest.path("spec"), context);
    }
}
