package io.sextant.appliers.sim;

import io.sextant.spec.kinds.ModelDeployment;
import io.sextant.appliers.api.GpuCapacity;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The in-memory state of a simulated GPU cluster: live manifests and replica placement. It knows
 * nothing of files or threads; {@link SimApplier} journals each change before making it here, and
 * replaying the journal calls the same methods, so a restart rebuilds exactly the same state.
 */
final class SimCluster implements SimJournal.Replay {

    private final String backendName;
    private final Placement placement;
    private final TreeMap<ResourceKey, SimEntry> entries = new TreeMap<>();
    private long nextSeq = 1;

    SimCluster(String backendName, Map<String, Integer> gpus) {
        this.backendName = backendName;
        this.placement = new Placement(gpus);
    }

    String backendName() {
        return backendName;
    }

    Placement placement() {
        return placement;
    }

    SimEntry get(ResourceKey key) {
        return entries.get(key);
    }

    int size() {
        return entries.size();
    }

    /** Every live resource, by key. */
    Collection<SimEntry> all() {
        return entries.values();
    }

    /** Live state as reported to the engine; the manifest is a copy so callers cannot edit the cluster. */
    ObservedResource observe(SimEntry entry) {
        SimHealth health = SimHealth.of(this, entry);
        return new ObservedResource(entry.key, entry.manifest.deepCopy(), health.health(), health.message());
    }

    GpuCapacity capacity() {
        Map<String, GpuCapacity.Pool> pools = new TreeMap<>();
        placement.totals().forEach((type, total) -> pools.put(type, new GpuCapacity.Pool(total, placement.used(type))));
        return GpuCapacity.of(pools);
    }

    /** Makes {@code manifest} the live state of {@code key}; the cluster keeps the node, so pass a copy. */
    @Override
    public void put(ResourceKey key, ObjectNode manifest) {
        SimEntry entry = entries.get(key);
        if (entry == null) {
            entry = new SimEntry(key, nextSeq++, manifest);
            entries.put(key, entry);
        } else {
            entry.manifest = manifest;
        }
        GpuDemand previous = entry.demand;
        entry.demand = key.kind().equals(ModelDeployment.KIND) ? GpuDemand.of(manifest) : null;
        placement.update(entry, previous);
    }

    @Override
    public void delete(ResourceKey key) {
        SimEntry removed = entries.remove(key);
        if (removed != null) {
            placement.remove(removed);
        }
    }

    @Override
    public void drift(ResourceKey key, String pointer, JsonNode value) {
        SimEntry entry = entries.get(key);
        if (entry != null) {
            ObjectNode edited = entry.manifest.deepCopy();
            SimJson.set(edited, pointer, value);
            put(key, edited);
        }
    }

    /** State for a snapshot: manifests with creation order and placement, which replay cannot recover. */
    ObjectNode snapshot() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("nextSeq", nextSeq);
        ArrayNode resources = state.putArray("resources");
        for (SimEntry entry : inCreationOrder()) {
            ObjectNode item = resources.addObject();
            SimJson.writeKey(item, entry.key);
            item.put("seq", entry.seq);
            item.put("placed", entry.placed);
            item.set("manifest", entry.manifest);
        }
        return state;
    }

    @Override
    public void restore(JsonNode state) {
        entries.clear();
        nextSeq = state.path("nextSeq").asLong(1);
        for (JsonNode item : state.path("resources")) {
            ResourceKey key = SimJson.readKey(item);
            SimEntry entry = new SimEntry(key, item.path("seq").asLong(), (ObjectNode) item.get("manifest"));
            entry.demand = key.kind().equals(ModelDeployment.KIND) ? GpuDemand.of(entry.manifest) : null;
            entry.placed = item.path("placed").asInt(0);
            entries.put(key, entry);
            nextSeq = Math.max(nextSeq, entry.seq + 1);
        }
        placement.restore(inCreationOrder());
    }

    private List<SimEntry> inCreationOrder() {
        List<SimEntry> ordered = new ArrayList<>(entries.values());
        ordered.sort(Comparator.comparingLong(e -> e.seq));
        return ordered;
    }
}
