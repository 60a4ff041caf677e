package io.sextant.engine.chart;

import io.sextant.engine.config.SextantProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * A rendered application.yaml loaded and bound the way the engine does it (Spring Boot's YAML loader
 * and {@link Binder}), without starting an engine.
 */
record EngineConfig(SextantProperties sextant, boolean probesEnabled, int serverPort) {

    static EngineConfig bind(String applicationYaml) {
        List<PropertySource<?>> sources;
        try {
            sources = new YamlPropertySourceLoader().load("application.yaml",
                    new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Binder binder = new Binder(ConfigurationPropertySources.from(sources));
        return new EngineConfig(
                binder.bind("sextant", SextantProperties.class).get(),
                binder.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false),
                binder.bind("server.port", Integer.class).orElse(-1));
    }
}
