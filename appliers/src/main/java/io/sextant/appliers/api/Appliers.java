package io.sextant.appliers.api;

import io.sextant.plugin.Kind;
import io.sextant.plugin.Resource;
import io.sextant.plugin.Unsupported;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Finds the applier types on the class path. */
public final class Appliers {

    private Appliers() {
    }

    /** Every {@link ApplierFactory} found by {@link ServiceLoader}, by type. */
    public static Map<String, ApplierFactory> discover() {
        Map<String, ApplierFactory> byType = new TreeMap<>();
        for (ApplierFactory factory : ServiceLoader.load(ApplierFactory.class)) {
            ApplierFactory previous = byType.putIfAbsent(factory.type(), factory);
            if (previous != null) {
                throw new IllegalStateException("two appliers claim type '" + factory.type() + "': "
                        + previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return byType;
    }

    /**
     * What keeps {@code applier}'s backend from serving {@code resource}: when the backend does not serve
     * the kind at all, the applier's own reason if it gives one (with what to use instead), else one
     * problem on {@code kind} listing what it serves; otherwise the applier's {@link Applier#check}.
     */
    public static List<Unsupported> check(Applier applier, Resource resource) {
        if (!applier.kinds().contains(resource.kind())) {
            List<Unsupported> own = applier.check(resource);
            return !own.isEmpty() ? own : List.of(new Unsupported("kind", "backend '" + applier.name() + "' (" + applier.type()
                    + ") does not serve " + resource.kind() + " (it serves " + applier.kinds().stream()
                    .map(Kind::name).sorted().collect(Collectors.joining(", ")) + ")"));
        }
        return applier.check(resource);
    }

    /** Creates the applier for a configured backend. */
    public static Applier create(BackendConfig config) {
        ApplierFactory factory = discover().get(config.type());
        if (factory == null) {
            throw new IllegalArgumentException("backend '" + config.name() + "': unknown type '" + config.type()
                    + "' (known: " + String.join(", ", discover().keySet()) + ")");
        }
        return factory.create(config);
    }
}
