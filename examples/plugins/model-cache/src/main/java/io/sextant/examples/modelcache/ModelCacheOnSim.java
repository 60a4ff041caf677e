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
import java.util.Optional;

/**
 * {@code ModelCache} on the {@code sim} backend: claims the cache's size on the local disk of every node its
 * selector picks (the sim's {@link SimNodes} facet) and reports the pull's progress as Progressing with a
 * percentage, then Healthy; a cache that does not fit is Degraded, saying which node lacks how much, until
 * space frees up. Keeps no state of its own: the claim carries the live manifest, and the backend keeps
 * claims across restarts.
 */
final class ModelCacheOnSim implements KindSupport {

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
        return nodes(backend).claim(owner(key)).map(claim -> observed(key, claim));
    }

    @Override
    public List<ObservedResource> observeAll(BackendContext backend) throws BackendException {
        String mine = ModelCache.KIND.name() + "/";
        return nodes(backend).claims().stream().filter(claim -> claim.owner().startsWith(mine))
                .map(claim -> observed(ResourceKey.parse(claim.owner(), "default"), claim)).toList();
    }

    @Override
    public ObservedResource apply(DesiredResource desired, BackendContext backend) throws BackendException {
        ModelCache.Spec spec = ((ModelCache) desired.resource()).spec();
        SimNodes.Claim claim = nodes(backend).claim(owner(desired.key()), spec.nodeSelector(), spec.bytes(),
                desired.manifest());
        return observed(desired.key(), claim);
    }

    @Override
    public void delete(ResourceKey key, BackendContext backend) throws BackendException {
        nodes(backend).release(owner(key));
    }

    private static ObservedResource observed(ResourceKey key, SimNodes.Claim claim) {
        if (!claim.placed()) {
            return new ObservedResource(key, claim.record(), Health.DEGRADED, claim.waiting());
        }
        String where = Sizes.format(claim.bytesPerNode()) + " on " + claim.nodes().size()
                + (claim.nodes().size() == 1 ? " node" : " nodes");
        return claim.filled()
                ? new ObservedResource(key, claim.record(), Health.HEALTHY, "cached: " + where)
                : new ObservedResource(key, claim.record(), Health.PROGRESSING,
                        "pulling: " + claim.percentFilled() + "% of " + where);
    }

    private static SimNodes nodes(BackendContext backend) throws BackendException {
        return backend.facet(SimNodes.class).orElseThrow(() -> BackendException.permanent(
                "backend '" + backend.name() + "' has no simulated nodes to cache on", null));
    }

    /** Claims are named by the resource they are for: {@code ModelCache/namespace/name}. */
    private static String owner(ResourceKey key) {
        return key.toString();
    }
}
