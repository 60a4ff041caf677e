package io.sextant.appliers.api;

/**
 * Service-provider interface: one per backend type, listed in
 * {@code META-INF/services/io.sextant.appliers.api.ApplierFactory}.
 */
public interface ApplierFactory {

    /** The {@code type} value in {@code sextant.backends[]} this factory serves. */
    String type();

    /**
     * Creates an applier for one configured backend.
     *
     * @throws IllegalArgumentException when the configuration is invalid for this type, naming the setting
     */
    Applier create(BackendConfig config);
}
