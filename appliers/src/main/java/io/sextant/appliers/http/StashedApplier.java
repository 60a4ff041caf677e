package io.sextant.appliers.http;

import io.sextant.plugin.BackendException;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An HTTP backend applier whose API cannot tell what Sextant applied (Triton, vLLM): its
 * {@link ManifestStash} does. Only stashed resources are observed, so a model Sextant never applied is
 * never reported, and each observe call reads the backend's API once ({@link #snapshot()}), however
 * many resources it reports.
 *
 * @param <S> what one read of the backend's API returns, such as Triton's repository index
 */
public abstract class StashedApplier<S> extends HttpApplier {

    /** The manifests this backend applied, by resource. */
    protected final ManifestStash stash;

    protected StashedApplier(String name, String type, JsonHttp http, ServingChecks checks, ManifestStash stash) {
        super(name, type, http, checks);
        this.stash = stash;
    }

    @Override
    public final Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        Optional<JsonNode> applied = stash.get(key);
        return applied.isEmpty() ? Optional.empty() : live(key, applied.get(), snapshot());
    }

    @Override
    public final List<ObservedResource> observeAll() throws BackendException {
        S snapshot = snapshot();
        List<ObservedResource> observed = new ArrayList<>();
        for (ResourceKey key : stash.keys()) {
            Optional<JsonNode> applied = stash.get(key);
            if (applied.isPresent()) {
                live(key, applied.get(), snapshot).ifPresent(observed::add);
            }
        }
        return observed;
    }

    /** One read of the backend's API: what observing any stashed resource needs. */
    protected abstract S snapshot() throws BackendException;

    /**
     * The live state of the resource last applied as {@code applied}, or empty when the backend in
     * {@code snapshot} does not hold it.
     */
    protected abstract Optional<ObservedResource> live(ResourceKey key, JsonNode applied, S snapshot)
            throws BackendException;
}
