package io.sextant.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Engine configuration under {@code sextant.*} (DESIGN.md section 4). With no sources configured the
 * engine runs its embedded default: the sample repository on the {@code sim} backend.
 *
 * @param dataDir  where the engine keeps its database, Git clones and simulated backends
 * @param sources  Git repositories to watch
 * @param backends runtime backends; each map holds {@code name}, {@code type} and the type's own settings
 * @param sync     defaults for every source's sync behaviour
 * @param policy   which namespaces may use which backends and how many GPUs
 * @param drift    drift scan settings
 * @param api      HTTP API settings
 */
@ConfigurationProperties("sextant")
public record SextantProperties(
        @DefaultValue(".sextant") Path dataDir,
        List<SourceProperties> sources,
        List<Map<String, Object>> backends,
        @DefaultValue SyncProperties sync,
        @DefaultValue PolicyProperties policy,
        @DefaultValue DriftProperties drift,
        @DefaultValue ApiProperties api) {

    public SextantProperties {
        sources = sources == null ? List.of() : List.copyOf(sources);
        backends = backends == null ? List.of() : List.copyOf(backends);
    }

    /** HTTP API settings; without an admin token the engine generates one in the data directory. */
    public record ApiProperties(String adminToken) {}

    /** Drift scan settings. */
    public record DriftProperties(@DefaultValue("60s") java.time.Duration interval) {}
}
