package io.sextant.appliers.kubernetes;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import io.sextant.spec.kinds.LoraAdapter;
import io.sextant.spec.kinds.ModelDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code llm-inference-service} flavor: ModelDeployments as LLMInferenceServices and LoraAdapters as entries
 * of their deployment's {@code spec.model.lora.adapters}.
 *
 * <p>An adapter has no object of its own: adding, changing or removing one is a server-side apply of its parent
 * (field manager {@code sextant}) with the adapter list rewritten. The CRD keeps that list schemaless, so server-side
 * apply treats it as one atomic value: Sextant owns it whole, and writes to one parent are serialised so two
 * adapters applied at once cannot drop each other. The adapter is still its own Sextant resource: its apply,
 * drift and audit events name the LoraAdapter, read back from the parent's list and the {@value
 * LlmWorkloads#ADAPTERS} annotation (an adapter missing from the live list is observed absent).
 */
final class LlmServices {

    private final KubeApi api;
    private final KubeSettings settings;
    private final ReentrantLock writes = new ReentrantLock();

    LlmServices(KubeApi api, KubeSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    ObservedResource applyDeployment(ResourceKey key, DesiredResource desired) throws BackendException {
        writes.lock();
        try {
            Optional<ObjectNode> found = api.get(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.objectName(key));
            Optional<ObjectNode> live = owned(key, found);
            if (found.isPresent() && live.isEmpty()) {
                // Never take over what someone else made: server-side apply would silently share it.
                throw BackendException.permanent("LLMInferenceService " + api.namespace() + "/" + KubeNames.objectName(key)
                        + " exists but is not managed by Sextant for " + key + "; rename the resource or remove that object", null);
            }
            // The deployment's apply keeps the adapters applied to it: they are resources of their own.
            Map<String, JsonNode> adapters = live.map(LlmServices::adapters).orElse(Map.of());
            return deployment(key, write(live, LlmWorkloads.llmInferenceService(key, desired.manifest(), adapters,
                    settings, api.namespace())));
        } finally {
            writes.unlock();
        }
    }

    ObservedResource applyAdapter(ResourceKey key, LoraAdapter adapter, DesiredResource desired) throws BackendException {
        ResourceKey parentKey = new ResourceKey(ModelDeployment.KIND, key.namespace(), adapter.spec().deployment());
        writes.lock();
        try {
            ObjectNode parent = parent(parentKey, key);
            Map<String, JsonNode> adapters = new TreeMap<>(adapters(parent));
            adapters.put(key.name(), desired.manifest());
            ObjectNode written = rewrite(parentKey, parent, adapters);
            return adapterOf(key, written).orElseThrow(() -> BackendException.permanent("backend: LLMInferenceService "
                    + KubeJson.name(written) + " does not list adapter '" + key.name() + "' after the apply", null));
        } finally {
            writes.unlock();
        }
    }

    void deleteAdapter(ResourceKey key) throws BackendException {
        writes.lock();
        try {
            for (ObjectNode parent : api.list(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.kindLabels(ModelDeployment.KIND))) {
                Map<String, JsonNode> adapters = new TreeMap<>(adapters(parent));
                Optional<ResourceKey> parentKey = parentKey(parent);
                if (parentKey.isPresent() && parentKey.get().namespace().equals(key.namespace())
                        && adapters.remove(key.name()) != null) {
                    rewrite(parentKey.get(), parent, adapters);
                }
            }
        } finally {
            writes.unlock();
        }
    }

    Optional<ObservedResource> observeDeployment(ResourceKey key, Optional<ObjectNode> live) {
        return owned(key, live).map(object -> deployment(key, object));
    }

    /** The adapter as its parent lists it; one list request, as the key does not say which deployment holds it. */
    Optional<ObservedResource> observeAdapter(ResourceKey key) throws BackendException {
        for (ObjectNode parent : api.list(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.kindLabels(ModelDeployment.KIND))) {
            Optional<ObservedResource> found = adapterOf(key, parent);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    List<ObservedResource> observeAll() throws BackendException {
        List<ObservedResource> all = new ArrayList<>();
        for (ObjectNode parent : api.list(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.kindLabels(ModelDeployment.KIND))) {
            Optional<ResourceKey> key = parentKey(parent);
            if (key.isEmpty()) {
                continue;
            }
            all.add(deployment(key.get(), parent));
            for (String name : adapters(parent).keySet()) {
                adapterOf(new ResourceKey(LoraAdapter.KIND, key.get().namespace(), name), parent).ifPresent(all::add);
            }
        }
        return all;
    }

    private ObservedResource deployment(ResourceKey key, ObjectNode object) {
        KubeHealth health = KubeHealth.llmInferenceService(object);
        return new ObservedResource(key, LiveManifest.ofLlmInferenceService(key, object, settings), health.health(),
                health.message());
    }

    /** The adapter {@code key} as listed in {@code parent}: its recorded manifest with the live URI. */
    private static Optional<ObservedResource> adapterOf(ResourceKey key, ObjectNode parent) {
        Optional<ResourceKey> parentKey = parentKey(parent);
        JsonNode recorded = adapters(parent).get(key.name());
        if (parentKey.isEmpty() || !parentKey.get().namespace().equals(key.namespace()) || recorded == null) {
            return Optional.empty();
        }
        for (JsonNode entry : parent.path("spec").path("model").path("lora").path("adapters")) {
            if (key.name().equals(entry.path("name").asString(""))) {
                ObjectNode manifest = (ObjectNode) recorded.deepCopy();
                manifest.withObject("/spec").put("uri", entry.path("uri").asString(""));
                KubeHealth health = KubeHealth.llmInferenceService(parent);
                return Optional.of(new ObservedResource(key, manifest, health.health(), "on LLMInferenceService "
                        + KubeJson.name(parent) + ": " + health.message()));
            }
        }
        return Optional.empty(); // taken out of the list by hand: absent, so self-heal puts it back
    }

    private ObjectNode parent(ResourceKey parentKey, ResourceKey adapter) throws BackendException {
        Optional<ObjectNode> live = owned(parentKey, api.get(KubeKind.LLM_INFERENCE_SERVICE, KubeNames.objectName(parentKey)));
        if (live.isEmpty() || KubeJson.recordedManifest(live.get()).isEmpty()) {
            // Plans apply deployments before their adapters; this is a deployment not applied (yet) or failing.
            throw BackendException.transientFailure("LoraAdapter " + adapter + " needs " + parentKey + " on the cluster "
                    + "first: LLMInferenceService " + api.namespace() + "/" + KubeNames.objectName(parentKey)
                    + " holds its adapters and is not there (or not Sextant's)", null);
        }
        return live.get();
    }

    /** Re-renders the parent from the manifest recorded on it, with {@code adapters}, and applies it. */
    private ObjectNode rewrite(ResourceKey parentKey, ObjectNode parent, Map<String, JsonNode> adapters)
            throws BackendException {
        JsonNode manifest = KubeJson.recordedManifest(parent).orElseThrow();
        return write(Optional.of(parent), LlmWorkloads.llmInferenceService(parentKey, manifest, adapters, settings,
                api.namespace()));
    }

    private ObjectNode write(Optional<ObjectNode> live, ObjectNode object) throws BackendException {
        ObjectNode desired = KubeJson.stamped(object);
        if (live.isPresent() && JsonSubset.contains(live.get(), desired)) {
            return live.get();
        }
        return api.apply(KubeKind.LLM_INFERENCE_SERVICE, desired);
    }

    private Optional<ObjectNode> owned(ResourceKey key, Optional<ObjectNode> live) {
        return live.filter(object -> KubeNames.owns(KubeJson.labels(object), key));
    }

    private static Optional<ResourceKey> parentKey(JsonNode parent) {
        return KubeNames.keyOf(KubeJson.labels(parent)).filter(k -> k.kind().equals(ModelDeployment.KIND));
    }

    /** The adapter manifests recorded on a live LLMInferenceService, by name; none when the annotation is unreadable. */
    static Map<String, JsonNode> adapters(JsonNode parent) {
        JsonNode text = parent.path("metadata").path("annotations").path(LlmWorkloads.ADAPTERS);
        Map<String, JsonNode> adapters = new TreeMap<>();
        if (text.isString()) {
            try {
                JsonMapper.shared().readTree(text.asString()).properties()
                        .forEach(e -> adapters.put(e.getKey(), e.getValue()));
            } catch (JacksonException e) {
                return Map.of();
            }
        }
        return adapters;
    }
}
