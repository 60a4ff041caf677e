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
 * @param secrets  the engine's secrets, for a backend that hands credentials to what it serves
 */
public record BackendConfig(String name, String type, Map<String, Object> settings, Path dataDir, Secrets secrets) {

    public BackendConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        secrets = secrets == null ? Secrets.NONE : secrets;
    }

    /** A backend of an engine without secrets. */
    public BackendConfig(String name, String type, Map<String, Object> settings, Path dataDir) {
        this(name, type, settings, dataDir, Secrets.NONE);
    }
}
