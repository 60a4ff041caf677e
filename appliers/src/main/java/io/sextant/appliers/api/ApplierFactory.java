package io.sextant.appliers.api;

import java.util.Optional;
import java.util.Set;

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

    /**
     * The keys of a {@code sextant.backends[]} entry this type reads, besides {@code name} and {@code type}
     * (for {@code sim}: {@code gpus}, {@code latency}). The engine refuses any other key at start-up, naming
     * the closest of these, so a misspelt setting ({@code urll}) or one of another type ({@code gpus} on a
     * {@code triton} backend) is not silently ignored. Empty when a type does not declare its keys: its
     * settings are then left to {@link #create}.
     */
    default Optional<Set<String>> settingKeys() {
        return Optional.empty();
    }
}
