package io.sextant.appliers.api;

import io.sextant.plugin.BackendContext;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Kind;
import io.sextant.plugin.KindSupport;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Resource;
import io.sextant.plugin.ResourceKey;
import io.sextant.plugin.Unsupported;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A backend's applier together with the plugins' {@link KindSupport}s for its type: calls about a kind a
 * plugin serves on this backend go to that support, with this backend as its {@link BackendContext}
 * (its facets included); every other call goes to the applier. This is how a plugin kind runs on
 * {@code sim} (or any backend type) without the applier knowing its name.
 */
public final class KindRouter implements Applier {

    private final Applier applier;
    private final Map<Kind, KindSupport> support;
    private final Set<Kind> kinds;
    private final BackendContext context;

    private KindRouter(Applier applier, Map<Kind, KindSupport> support) {
        this.applier = applier;
        this.support = Map.copyOf(support);
        Set<Kind> all = new LinkedHashSet<>(applier.kinds());
        all.addAll(support.keySet());
        this.kinds = Set.copyOf(all);
        this.context = new BackendContext() {
            @Override
            public String name() {
                return applier.name();
            }

            @Override
            public String type() {
                return applier.type();
            }

            @Override
            public <T> Optional<T> facet(Class<T> type) {
                return KindRouter.this.facet(type);
            }
        };
    }

    /**
     * {@code applier} with the supports among {@code supports} whose backend type is its type; the applier
     * itself when there are none.
     *
     * @throws IllegalArgumentException when two supports serve one kind on this type
     */
    public static Applier route(Applier applier, List<KindSupport> supports) {
        Map<Kind, KindSupport> byKind = new LinkedHashMap<>();
        for (KindSupport each : supports) {
            if (!each.backendType().equals(applier.type())) {
                continue;
            }
            KindSupport previous = byKind.putIfAbsent(Kind.of(each.kind()), each);
            if (previous != null) {
                throw new IllegalArgumentException("two plugins serve kind '" + each.kind() + "' on backend type '"
                        + applier.type() + "': " + previous.getClass().getName() + " and " + each.getClass().getName());
            }
        }
        return byKind.isEmpty() ? applier : new KindRouter(applier, byKind);
    }

    /** The applier calls about the backend's own kinds go to. */
    public Applier applier() {
        return applier;
    }

    @Override
    public String name() {
        return applier.name();
    }

    @Override
    public String type() {
        return applier.type();
    }

    @Override
    public Set<Kind> kinds() {
        return kinds;
    }

    /**
     * What the applier offers ({@link Applier#facet}), and the applier itself under any of its types (such as
     * {@link Applier}), so a plugin's support can read the backend's own resources.
     */
    @Override
    public <T> Optional<T> facet(Class<T> type) {
        return type.isInstance(applier) ? Optional.of(type.cast(applier)) : applier.facet(type);
    }

    @Override
    public Optional<ObservedResource> observe(ResourceKey key) throws BackendException {
        KindSupport plugin = support.get(key.kind());
        return plugin == null ? applier.observe(key) : plugin.observe(key, context);
    }

    @Override
    public List<ObservedResource> observeAll() throws BackendException {
        List<ObservedResource> all = new ArrayList<>(applier.observeAll());
        for (KindSupport plugin : support.values()) {
            all.addAll(plugin.observeAll(context));
        }
        return all;
    }

    @Override
    public ObservedResource apply(DesiredResource desired) throws BackendException {
        KindSupport plugin = support.get(desired.key().kind());
        return plugin == null ? applier.apply(desired) : plugin.apply(desired, context);
    }

    @Override
    public void delete(ResourceKey key) throws BackendException {
        KindSupport plugin = support.get(key.kind());
        if (plugin == null) {
            applier.delete(key);
        } else {
            plugin.delete(key, context);
        }
    }

    @Override
    public List<Unsupported> check(Resource resource) {
        KindSupport plugin = support.get(resource.kind());
        return plugin == null ? applier.check(resource) : plugin.check(resource, context);
    }

    @Override
    public GpuCapacity capacity() throws BackendException {
        return applier.capacity();
    }

    @Override
    public void watch(Consumer<ResourceKey> changed) {
        applier.watch(changed);
    }

    @Override
    public void close() {
        applier.close();
    }
}
