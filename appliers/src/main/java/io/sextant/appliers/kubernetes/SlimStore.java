package io.sextant.appliers.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an informer keeps of each watched object, bounded: one UTF-8 JSON {@code byte[]} per object (its labels
 * beside it, for list filters), parsed on read. Sextant's own objects are kept without
 * {@code metadata.managedFields} (often the largest part of an object, and never compared); anyone else's
 * object as its name and labels only. Someone else's object is kept at all so that a synced cache can answer
 * "a Service of that name exists but is not Sextant's" without a GET (the refusal of {@link KubernetesApplier});
 * its spec is never needed.
 *
 * <p>Why bytes: the same object as fabric8's {@code GenericKubernetesResource} maps costs several times its
 * JSON size in map entries, boxed numbers and string headers; the bytes cost about their length, so the cache is
 * bounded by the size of the objects Sextant writes (docs/benchmarks.md measures it). Reads are rarer than
 * events and parse only the objects they return.
 */
final class SlimStore implements ItemStore<GenericKubernetesResource> {

    /** One cached object: its labels (to filter lists without parsing) and its JSON. */
    private record Entry(Map<String, String> labels, byte[] json) {}

    private final Map<String, Entry> items = new ConcurrentHashMap<>();
    private final KubernetesSerialization serialization;

    SlimStore(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    @Override
    public String getKey(GenericKubernetesResource object) {
        // The informer watches one namespace, so the name is the key.
        return object.getMetadata().getName();
    }

    @Override
    public GenericKubernetesResource put(String key, GenericKubernetesResource object) {
        GenericKubernetesResource slim = slim(object);
        Map<String, String> labels = slim.getMetadata().getLabels();
        Entry entry = new Entry(labels == null ? Map.of() : Map.copyOf(labels),
                serialization.asJson(slim).getBytes(StandardCharsets.UTF_8));
        return resource(items.put(key, entry)); // the informer's indices need the object replaced
    }

    @Override
    public GenericKubernetesResource remove(String key) {
        return resource(items.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<GenericKubernetesResource> values() {
        return items.values().stream().map(this::resource);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public GenericKubernetesResource get(String key) {
        return resource(items.get(key));
    }

    /** The object named {@code key} as JSON, parsed from its bytes; empty when not cached. */
    Optional<ObjectNode> json(String key) {
        return Optional.ofNullable(items.get(key)).map(SlimStore::node);
    }

    /** Every cached object with all these labels, as JSON; only those are parsed. */
    List<ObjectNode> json(Map<String, String> labels) {
        return items.values().stream().filter(e -> e.labels().entrySet().containsAll(labels.entrySet()))
                .map(SlimStore::node).toList();
    }

    /** Bytes held for cached objects (the JSON only), for tests and the bench. */
    long bytes() {
        return items.values().stream().mapToLong(e -> e.json().length).sum();
    }

    private static ObjectNode node(Entry entry) {
        return (ObjectNode) JsonMapper.shared().readTree(entry.json());
    }

    private GenericKubernetesResource resource(Entry entry) {
        return entry == null ? null
                : serialization.unmarshal(new String(entry.json(), StandardCharsets.UTF_8), GenericKubernetesResource.class);
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
