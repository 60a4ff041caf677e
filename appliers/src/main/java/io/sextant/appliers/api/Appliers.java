package io.sextant.appliers.api;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

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
