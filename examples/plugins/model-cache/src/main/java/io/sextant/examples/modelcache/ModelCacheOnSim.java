package io.sextant.examples.modelcache;

import io.sextant.plugin.BackendContext;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.SimNodes;
import io.sextant.plugin.Unsupported;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * {@code ModelCache} on the {@code sim} backend: reserves the cache's size on the local disk of every node
 * its selector picks (the sim's {@link SimNodes} facet), reports the pull's progress as Progressing with a
 * percentage, then Healthy; a cache that does not fit is Degraded, saying which node lacks how much.
 *
 * <p>The live manifests are kept here, per backend, in memory, like the sim's reservations: after an engine
 * restart the simulated disks are empty and the engine pulls each cache again.
 */
final class ModelCacheOnSim implements KindSupport {

    /** The live manifest of each cache, and why it does not fit when it does not; by backend, then key. */
    private record Live(JsonNode manifest, String doesNotFit) {}

    private final Map<String, Map<ResourceKey, Live>> live = new ConcurrentHashMap<>();

    @Override
    public String backendType() {
        return "sim";
    }

    @Override
    public String kind() {
        return ModelCache.KIND.name();
    }

    @Override
    public List<Unsupported> check(Resource resource, BackendContext backend) {
        return backend.facet(SimNodes.class).isPresent() ? List.of()
                : List.of(new Unsupported("spec.backend", "backend '" + backend.name() + "' has no simulated nodes"));
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key, BackendContext backend) throws BackendException {
        Live cache = caches(backend).get(key);
        return cache == null ? Optional.empty() : Optional.of(observed(key, cache, nodes(backend)));
    }

    @Override
    public List<ObservedResource> observeAll(BackendContext backend) throws BackendException {
        SimNodes nodes = nodes(backend);
        return caches(backend).entrySet().stream().map(e -> observed(e.getKey(), e.getValue(), nodes)).toList();
    }

    @Override
    public ObservedResource apply(DesiredResource desired, BackendContext backend) throws BackendException {
        SimNodes nodes = nodes(backend);
        ModelCache.Spec spec = ((ModelCache) desired.resource()).spec();
        SimNodes.Outcome outcome = nodes.reserve(owner(desired.key()), spec.nodeSelector(), spec.bytes());
        String doesNotFit = outcome instanceof SimNodes.DoesNotFit no ? no.message() : null;
        Live cache = new Live(desired.manifest().deepCopy(), doesNotFit);
        caches(backend).put(desired.key(), cache);
        return observed(desired.key(), cache, nodes);
    }

    @Override
    public void delete(ResourceKey key, BackendContext backend) throws BackendException {
        nodes(backend).release(owner(key));
        caches(backend).remove(key);
    }

    private ObservedResource observed(ResourceKey key, Live cache, SimNodes nodes) {
        Optional<SimNodes.Reservation> reservation = nodes.reservation(owner(key));
        if (reservation.isEmpty()) {
            return new ObservedResource(key, cache.manifest(), Health.DEGRADED,
                    cache.doesNotFit() != null ? cache.doesNotFit() : "no disk reserved for it");
        }
        SimNodes.Reservation held = reservation.get();
        String where = Sizes.format(held.bytesPerNode()) + " on " + held.nodes().size()
                + (held.nodes().size() == 1 ? " node" : " nodes");
        return held.filled()
                ? new ObservedResource(key, cache.manifest(), Health.HEALTHY, "cached: " + where)
                : new ObservedResource(key, cache.manifest(), Health.PROGRESSING,
                        "pulling: " + held.percentFilled() + "% of " + where);
    }

    private Map<ResourceKey, Live> caches(BackendContext backend) {
        return live.computeIfAbsent(backend.name(), name -> new ConcurrentHashMap<>());
    }

    private static SimNodes nodes(BackendContext backend) throws BackendException {
        return backend.facet(SimNodes.class).orElseThrow(() -> BackendException.permanent(
                "backend '" + backend.name() + "' has no simulated nodes to cache on", null));
    }

    private static String owner(ResourceKey key) {
        return key.toString();
    }
}
