package io.sextant.engine.security;

import io.sextant.engine.config.SextantProperties;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Engine settings bound the way Spring Boot binds them, without starting a context. */
final class Settings {

    private Settings() {
    }

    /** {@code sextant.*} with a data directory and the given {@code sextant.api.*} keys (null values left out). */
    static SextantProperties api(Path dataDir, String adminToken, String adminTokenEnv, String readToken,
                                 String readTokenEnv) {
        Map<String, String> map = new HashMap<>();
        map.put("sextant.data-dir", dataDir.toString());
        put(map, "sextant.api.admin-token", adminToken);
        put(map, "sextant.api.admin-token-env", adminTokenEnv);
        put(map, "sextant.api.read-token", readToken);
        put(map, "sextant.api.read-token-env", readTokenEnv);
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("sextant", SextantProperties.class);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
