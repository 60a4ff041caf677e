package io.sextant.engine.host;

import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SyncProperties;
import io.sextant.engine.source.WatchedSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/** Engine configuration written as a user writes it (YAML), bound the way the engine binds it. */
final class HostConfig {

    private HostConfig() {
    }

    static SextantProperties bind(String yaml) {
        try {
            var sources = new YamlPropertySourceLoader().load("application.yaml",
                    new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
            return new Binder(ConfigurationPropertySources.from(sources)).bind("sextant", SextantProperties.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The configured sources, as the engine would watch them (Git access is not needed here). */
    static List<WatchedSource> sources(String yaml) {
        return bind(yaml).sources().stream().map(s -> new WatchedSource(s, SyncProperties.DEFAULTS, null)).toList();
    }

    static List<SourceProperties> properties(List<WatchedSource> sources) {
        return sources.stream().map(WatchedSource::properties).toList();
    }
}
