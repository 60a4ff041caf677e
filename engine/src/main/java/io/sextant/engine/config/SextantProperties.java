package io.sextant.engine.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Engine configuration under {@code sextant.*} (DESIGN.md section 4). With neither sources nor backends
 * configured the engine runs its embedded default: the sample repository on the {@code sim} backend.
 *
 * @param dataDir  where the engine keeps its database, Git clones and simulated backends
 * @param pluginsDir plugin jars adding kinds (README "Add a kind"); default {@code <data-dir>/plugins}
 * @param sources  Git repositories to watch
 * @param backends runtime backends; each map holds {@code name}, {@code type} and the type's own settings
 * @param sync     defaults for every source's sync behaviour
 * @param policy   which namespaces may use which backends and how many GPUs
 * @param drift    drift scan settings
 * @param api      HTTP API settings
 * @param cluster  clustered mode (several replicas on PostgreSQL, set by the {@code postgres} profile)
 * @param retry    how failing resources and Git sources back off between attempts
 * @param orphans  what happens to resources of a source that left the configuration
 * @param sample   running the sample fleet on configured {@code sim} backends
 * @param secrets  credentials specs name with {@code secretRef}, by secret name, for backends driven over HTTP
 */
@ConfigurationProperties("sextant")
public record SextantProperties(
        @DefaultValue(".sextant") Path dataDir,
        Path pluginsDir,
        List<SourceProperties> sources,
        List<Map<String, Object>> backends,
        @DefaultValue SyncProperties sync,
        @DefaultValue PolicyProperties policy,
        @DefaultValue DriftProperties drift,
        @DefaultValue ApiProperties api,
        @DefaultValue ClusterProperties cluster,
        @DefaultValue RetryProperties retry,
        @DefaultValue OrphanProperties orphans,
        @DefaultValue SampleProperties sample,
        Map<String, SecretProperties> secrets) {

    public SextantProperties {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        sources = sources == null ? List.of() : List.copyOf(sources);
        backends = backends == null ? List.of() : List.copyOf(backends);
    }

    /** The plugins directory in effect: {@code plugins-dir}, else {@code plugins} under the data directory. */
    public Path pluginsDirectory() {
        return pluginsDir != null ? pluginsDir : dataDir.resolve("plugins");
    }

    /**
     * HTTP API access (README "Access control"). Each token is set directly or through the name of an
     * environment variable holding it, not both.
     *
     * @param adminToken    bearer token for write endpoints (and reads); without one (and without
     *                      {@code admin-token-env}) the engine generates one in the data directory
     * @param adminTokenEnv environment variable holding the admin token
     * @param readToken     bearer token for read endpoints and metrics; without one, reads are open
     * @param readTokenEnv  environment variable holding the read token
     */
    public record ApiProperties(String adminToken, String adminTokenEnv, String readToken, String readTokenEnv) {}

    /**
     * Where the engine reads one secret a spec names ({@code secretRef: {name, key}}): exactly one of an
     * environment variable or a file. A file is a directory of one file per key (a mounted Kubernetes Secret) or,
     * for a secret of one key, the value itself. Read at apply time, never at start-up, so rotation needs no
     * restart.
     *
     * @param env  environment variable holding the value (every key of the secret reads it)
     * @param file a file holding the value, or a directory holding a file per key
     */
    public record SecretProperties(String env, Path file) {}

    /** Clustered mode: reconciles run as Quartz jobs in a shared JDBC job store. */
    public record ClusterProperties(@DefaultValue("false") boolean enabled) {}

    /**
     * Backoff of a failing resource or Git source: the first retry after {@code initialDelay}, doubling per
     * failed attempt up to {@code maxDelay}; a success, a new commit or a manual sync starts over.
     */
    public record RetryProperties(@DefaultValue("5s") java.time.Duration initialDelay,
                                  @DefaultValue("5m") java.time.Duration maxDelay) {}

    /**
     * Resources whose source is no longer configured (renamed, removed, or a configuration file that was
     * not read). They are reported ({@code sync: Unknown}) and their live state left alone, unless asked.
     *
     * @param prune    delete them from their backends at start-up (audited as deletions)
     * @param interval how often each backend that can list its managed objects is scanned for orphans
     *                 (objects Sextant made whose resource left Git); 0 turns the scan off
     */
    public record OrphanProperties(@DefaultValue("false") boolean prune,
                                   @DefaultValue("60s") java.time.Duration interval) {
        public OrphanProperties {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("sextant.orphans.interval: must be 0 (off) or a positive duration "
                        + "such as 60s, got '" + interval + "'");
            }
        }
    }

    /**
     * The sample fleet on purpose. It runs by itself only when neither {@code sources} nor {@code backends} is
     * set: a configuration that names backends but no source has lost its sources (a typo, a file Spring Boot
     * did not read), and the sample's resources would land on those backends.
     *
     * @param enabled run the sample repository as the only source, on the configured {@code sim} backends
     *                (benchmarks and demos with a slower or larger simulated cluster)
     */
    public record SampleProperties(@DefaultValue("false") boolean enabled) {}

    /** Drift scan settings. */
    public record DriftProperties(@DefaultValue("60s") java.time.Duration interval) {}
}
