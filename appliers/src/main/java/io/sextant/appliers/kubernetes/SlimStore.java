package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What an informer keeps of each watched object, bounded: Sextant's own objects without
 * {@code metadata.managedFields} (often the largest part of an object, and never compared), anyone else's
 * object as its name and labels only. Someone else's object is kept at all so that a synced cache can
 * answer "a Service of that name exists but is not Sextant's" without a GET (the refusal of
 * {@link KubernetesApplier}); its spec is never needed.
 */
final class SlimStore implements ItemStore<GenericKubernetesResource> {

    private final Map<String, GenericKubernetesResource> items = new ConcurrentHashMap<>();

    @Override
    public String getKey(GenericKubernetesResource object) {
        // The informer watches one namespace, so the name is the key.
        return object.getMetadata().getName();
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        return items.put(key, slim(object));
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return items.get(key);
    }

    static GenericKubernetesResource slim(GenericKubernetesResource object) {
        ObjectMeta meta = object.getMetadata();
        Map<String, String> labels = meta.getLabels();
        if (labels != null && KubeNames.SEXTANT.equals(labels.get(KubeNames.MANAGED_BY))) {
            meta.setManagedFields(null);
            return object;
        }
        GenericKubernetesResource foreign = new GenericKubernetesResource();
        foreign.setApiVersion(object.getApiVersion());
        foreign.setKind(object.getKind());
        ObjectMeta kept = new ObjectMeta();
        kept.setName(meta.getName());
        kept.setNamespace(meta.getNamespace());
        kept.setResourceVersion(meta.getResourceVersion());
        kept.setLabels(labels);
        foreign.setMetadata(kept);
        return foreign;
    }
}
