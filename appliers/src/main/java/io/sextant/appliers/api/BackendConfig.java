package io.sextant.appliers.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One backend from engine configuration ({@code sextant.backends[]}).
 *
 * @param name     the name specs refer to
 * @param type     the applier type ({@code sim}, {@code kubernetes}, ...)
 * @param settings the rest of the backend's configuration, as bound from YAML (for sim: {@code gpus})
 * @param dataDir  a directory this backend may keep state in
 */
public record BackendConfig(String name, String type, Map<String, Object> settings, Path dataDir) {

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }
}
