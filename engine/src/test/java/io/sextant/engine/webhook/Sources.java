package io.sextant.engine.webhook;

import io.sextant.engine.config.SourceProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Source configurations bound from properties as the engine binds them, without a Spring context. */
final class Sources {

    private Sources() {
    }

    /** A source from {@code key, value, ...} pairs relative to one {@code sextant.sources[]} entry. */
    static SourceProperties source(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put("s." + keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(map)).bind("s", SourceProperties.class).get();
    }

    static WebhooksProperties webhooks(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put("sextant.webhooks." + keyValues[i], keyValues[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(map)).bindOrCreate("sextant.webhooks", WebhooksProperties.class);
    }
}
