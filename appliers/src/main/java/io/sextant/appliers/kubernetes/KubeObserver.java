package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.spec.kinds.InferenceRoute;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads live objects back as Sextant resources: finds the objects by name and Sextant's labels, rebuilds
 * the manifest ({@link LiveManifest}), reports the objects not as applied ({@link ObjectDrift}) and judges
 * health ({@link KubeHealth}).
 */
final class KubeObserver {

    private final KubeApi api;
    private final KubeSettings settings;
    private final SeenAbsent absent;

    private final LlmServices llm;

    KubeObserver(KubeApi api, KubeSettings settings, SeenAbsent absent, LlmServices llm) {
        this.api = api;
        this.settings = settings;
        this.absent = absent;
        this.llm = llm;
    }

    /** The objects a resource of this kind becomes, in the order they are deleted (scaler before workload). */
    static List<KubeKind> kindsOf(Kind kind, KubeSettings.Flavor flavor) {
        if (kind.equals(ModelDeployment.KIND)) {
            return switch (flavor) {
                case KSERVE -> List.of(KubeKind.INFERENCE_SERVICE);
                case LLM_INFERENCE_SERVICE -> List.of(KubeKind.LLM_INFERENCE_SERVICE);
                case DEPLOYMENT -> List.of(KubeKind.HPA, KubeKind.SERVICE, KubeKind.DEPLOYMENT);
            };
        }
        // A kind this backend does not serve (KubeSupport.CHECKS) is never made into objects here.
        return kind.equals(InferenceRoute.KIND) ? List.of(KubeKind.HTTP_ROUTE) : List.of();
    }

    /** The resource's objects, with health judged further from its endpoints or pods ({@link ServingHealth}). */
    Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        Optional<ObservedResource> observed = objects(key);
        return observed.isPresent() && key.kind().equals(ModelDeployment.KIND)
                ? Optional.of(ServingHealth.refine(observed.get(), ServingHealth.single(api, settings), settings))
                : observed;
    }

    private Optional<ObservedResource> objects(ResourceKey key) throws BackendException {
        String name = KubeNames.objectName(key);
        if (key.kind().equals(ModelDeployment.KIND)) {
                if (settings.flavor() == KubeSettings.Flavor.KSERVE) {
                    return main(key, KubeKind.INFERENCE_SERVICE, name).map(isvc -> inferenceService(key, isvc));
                }
                if (settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
                    return llm.observeDeployment(key, main(key, KubeKind.LLM_INFERENCE_SERVICE, name));
                }
                Optional<ObjectNode> deployment = main(key, KubeKind.DEPLOYMENT, name);
                if (deployment.isEmpty()) {
                    return Optional.empty();
                }
                Optional<ObjectNode> service = owned(key, KubeKind.SERVICE, name);
                return Optional.of(deployment(key, deployment.get(), service, owned(key, KubeKind.HPA, name)));
        }
        if (key.kind().equals(LoraAdapter.KIND) && settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
            return llm.observeAdapter(key);
        }
        if (key.kind().equals(InferenceRoute.KIND)) {
            return main(key, KubeKind.HTTP_ROUTE, name).map(route -> route(key, route));
        }
        return Optional.empty(); // a kind this backend does not serve (KubeSupport.CHECKS) never lives on it
    }

    List<ObservedResource> observeAll() throws BackendException {
        List<ObservedResource> all = new ArrayList<>();
        Map<String, String> deployments = KubeNames.kindLabels(ModelDeployment.KIND);
        if (settings.flavor() == KubeSettings.Flavor.LLM_INFERENCE_SERVICE) {
            all.addAll(llm.observeAll()); // LLMInferenceServices with their adapters; no routes on this flavor
            all.sort((a, b) -> a.key().compareTo(b.key()));
            return List.copyOf(all);
        }
        if (settings.flavor() == KubeSettings.Flavor.KSERVE) {
            for (ObjectNode isvc : api.list(KubeKind.INFERENCE_SERVICE, deployments)) {
                keyOf(isvc, ModelDeployment.KIND).ifPresent(key -> all.add(inferenceService(key, isvc)));
            }
        } else {
            Map<String, ObjectNode> services = byName(api.list(KubeKind.SERVICE, deployments));
            Map<String, ObjectNode> hpas = byName(api.list(KubeKind.HPA, deployments));
            for (ObjectNode deployment : api.list(KubeKind.DEPLOYMENT, deployments)) {
                String name = KubeJson.name(deployment);
                keyOf(deployment, ModelDeployment.KIND).ifPresent(key -> all.add(deployment(key, deployment,
                        Optional.ofNullable(services.get(name)), Optional.ofNullable(hpas.get(name)))));
            }
        }
        for (ObjectNode route : api.list(KubeKind.HTTP_ROUTE, KubeNames.kindLabels(InferenceRoute.KIND))) {
            keyOf(route, InferenceRoute.KIND).ifPresent(key -> all.add(route(key, route)));
        }
        all.sort((a, b) -> a.key().compareTo(b.key()));
        ServingHealth.Lookup fleet = ServingHealth.fleet(api, settings);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).key().kind().equals(ModelDeployment.KIND)) {
                all.set(i, ServingHealth.refine(all.get(i), fleet, settings));
            }
        }
        return List.copyOf(all);
    }

    ObservedResource deployment(ResourceKey key, ObjectNode deployment, Optional<ObjectNode> service,
                                        Optional<ObjectNode> hpa) {
        return deployment(key, deployment, service, hpa, false);
    }

    /**
     * @param asApplied the objects are the answers to Sextant's applies of them (or were found to hold all it
     *                  applies), so they cannot drift from what it renders: the comparisons, which re-render
     *                  every object, are skipped (a third of an apply's CPU on a first sync)
     */
    ObservedResource deployment(ResourceKey key, ObjectNode deployment, Optional<ObjectNode> service,
                                Optional<ObjectNode> hpa, boolean asApplied) {
        ObjectNode manifest = LiveManifest.ofDeployment(key, deployment, hpa, settings);
        if (!asApplied) {
            ObjectDrift.report(manifest, key, api.namespace(), service, hpa, settings);
            FieldDrift.report(manifest, key, KubeKind.DEPLOYMENT, deployment, settings, api.namespace());
        }
        String missing = service.isPresent() ? null : api.namespace() + "/" + KubeJson.name(deployment);
        KubeHealth health = KubeHealth.deployment(deployment, missing);
        return new ObservedResource(key, manifest, health.health(), health.message());
    }

    ObservedResource inferenceService(ResourceKey key, ObjectNode isvc) {
        return inferenceService(key, isvc, false);
    }

    /** @param asApplied as for {@link #deployment(ResourceKey, ObjectNode, Optional, Optional, boolean)} */
    ObservedResource inferenceService(ResourceKey key, ObjectNode isvc, boolean asApplied) {
        KubeHealth health = KubeHealth.inferenceService(isvc);
        ObjectNode manifest = LiveManifest.ofInferenceService(key, isvc, settings);
        if (!asApplied) {
            FieldDrift.report(manifest, key, KubeKind.INFERENCE_SERVICE, isvc, settings, api.namespace());
        }
        return new ObservedResource(key, manifest, health.health(), health.message());
    }

    ObservedResource route(ResourceKey key, ObjectNode route) {
        return route(key, route, false);
    }

    /** @param asApplied as for {@link #deployment(ResourceKey, ObjectNode, Optional, Optional, boolean)} */
    ObservedResource route(ResourceKey key, ObjectNode route, boolean asApplied) {
        KubeHealth health = KubeHealth.route(route);
        ObjectNode manifest = LiveManifest.ofRoute(key, route, settings);
        if (!asApplied) {
            FieldDrift.report(manifest, key, KubeKind.HTTP_ROUTE, route, settings, api.namespace());
        }
        return new ObservedResource(key, manifest, health.health(), health.message());
    }

    /** The object a resource is found by; a 404 is remembered, so creating the resource next reads nothing. */
    private Optional<ObjectNode> main(ResourceKey key, KubeKind kind, String name) throws BackendException {
        Optional<ObjectNode> live = api.get(kind, name);
        if (live.isEmpty()) {
            absent.note(key);
        } else {
            absent.forget(key);
        }
        return live.filter(object -> KubeNames.owns(KubeJson.labels(object), key));
    }

    private Optional<ObjectNode> owned(ResourceKey key, KubeKind kind, String name) throws BackendException {
        return api.get(kind, name).filter(object -> KubeNames.owns(KubeJson.labels(object), key));
    }

    /**
     * The identity recorded in the manifest annotation (exact even when labels were shortened), else the
     * labels'; empty for an object that carries Sextant's kind label but no identity (made by hand).
     */
    static Optional<ResourceKey> keyOf(JsonNode object, Kind kind) {
        Optional<ResourceKey> recorded = KubeJson.recordedManifest(object)
                .filter(m -> kind.apiName().equals(m.path("kind").asString("")))
                .map(m -> new ResourceKey(kind, m.path("metadata").path("namespace").asString(""),
                        m.path("metadata").path("name").asString("")))
                .filter(k -> !k.namespace().isEmpty() && !k.name().isEmpty());
        return recorded.or(() -> KubeNames.keyOf(KubeJson.labels(object)));
    }

    private static Map<String, ObjectNode> byName(List<ObjectNode> objects) {
        return objects.stream().collect(Collectors.toMap(KubeJson::name, Function.identity(), (a, b) -> a));
    }
}
