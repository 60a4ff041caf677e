package io.sextant.engine.source;

import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SyncProperties;
import io.sextant.git.api.GitSource;

/**
 * A configured source with its Git access and effective sync settings.
 *
 * @param properties as configured
 * @param sync       per-source settings merged over the engine defaults
 * @param git        the local clone
 */
public record WatchedSource(SourceProperties properties, SyncProperties sync, GitSource git) {

    public String name() {
        return properties.name();
    }
}
