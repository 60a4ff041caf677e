package io.sextant.engine.suspend;

import io.sextant.plugin.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The suspensions in force at one moment, looked up by source and by resource. */
public final class Suspensions {

    private final Map<String, Suspension> sources = new HashMap<>();
    private final Map<ResourceKey, Suspension> resources = new HashMap<>();

    Suspensions(List<Suspension> all) {
        for (Suspension s : all) {
            if (s.target() instanceof Suspension.OfResource resource) {
                resources.put(resource.key(), s);
            } else if (s.target() instanceof Suspension.OfSource source) {
                sources.put(source.name(), s);
            }
        }
    }

    /** What holds changes to {@code key} of {@code source}: its own suspension first, else its source's. */
    public Optional<Suspension> of(ResourceKey key, String source) {
        Suspension own = resources.get(key);
        return Optional.ofNullable(own != null ? own : source == null ? null : sources.get(source));
    }

    /** The suspension of a whole source. */
    public Optional<Suspension> ofSource(String source) {
        return Optional.ofNullable(sources.get(source));
    }

    boolean none() {
        return sources.isEmpty() && resources.isEmpty();
    }
}
