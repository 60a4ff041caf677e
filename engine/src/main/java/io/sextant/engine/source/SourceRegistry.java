package io.sextant.engine.source;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SyncProperties;
import io.sextant.git.api.GitCredentials;
import io.sextant.git.api.GitSource;
import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.api.RemoteAddress;
import io.sextant.git.GitSources;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The configured Git sources, or the embedded sample source when the engine is given no sources and no
 * backends (or asked for the sample, see {@link SampleFleet}): backends without a source mean the sources
 * were lost (a typo, or a file Spring Boot did not read), and the sample would deploy onto those backends.
 */
@Component
public class SourceRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SourceRegistry.class);

    /** What the dashboard and the overview say while the sample fleet runs because nothing is configured. */
    public static final String EMBEDDED_NOTICE = SampleFleet.DEFAULT_NOTICE;

    private final Map<String, WatchedSource> sources = new LinkedHashMap<>();
    private final String sampleNotice;

    /** @param decorators wrap each source's Git access, in order (see {@link GitSourceDecorator}) */
    public SourceRegistry(SextantProperties properties, List<GitSourceDecorator> decorators) {
        sampleNotice = SampleFleet.notice(properties);
        if (sampleNotice != null) {
            log.warn("{}: the engine watches the sample repository in {}; configure sextant.sources (and"
                    + " sextant.backends) to watch your own", sampleNotice,
                    properties.dataDir().toAbsolutePath().resolve("sample-repo"));
        }
        List<SourceProperties> configured = sampleNotice != null
                ? List.of(EmbeddedDefault.source(properties.dataDir()))
                : properties.sources();
        SyncProperties defaults = properties.sync().orElse(SyncProperties.DEFAULTS);
        Path clones = properties.dataDir().toAbsolutePath().resolve("git");
        for (SourceProperties source : configured) {
            validate(source);
            if (sources.containsKey(source.name())) {
                throw new ConfigurationException("sextant.sources[" + source.name() + "].name", "is used by two sources",
                        "Give each source its own name.");
            }
            GitSourceSpec spec = new GitSourceSpec(source.name(), source.url(), source.branch(), source.paths(),
                    credentials(source), clones.resolve(source.name()), source.maxFileSize().toBytes(),
                    source.auth() != null && source.auth().allowInsecureHttp());
            if (spec.sendsCredentialsInPlainText()) {
                throw new IllegalStateException("sextant.sources[" + source.name() + "].url: plain http:// would send "
                        + "the Git credentials unencrypted to " + RemoteAddress.of(source.url()).host()
                        + "; use https://, or set sextant.sources[" + source.name()
                        + "].auth.allow-insecure-http: true to accept that");
            }
            SyncProperties sync = source.sync() == null ? defaults : source.sync().orElse(defaults);
            GitSource git = GitSources.open(spec);
            for (GitSourceDecorator decorator : decorators) {
                git = decorator.decorate(source.name(), git);
            }
            sources.put(source.name(), new WatchedSource(source, sync, git));
        }
    }

    /** Whether the engine runs the embedded sample fleet instead of configured sources. */
    public boolean embeddedSample() {
        return sampleNotice != null;
    }

    /** Why the sample fleet runs, for the dashboard's banner; null when the configured sources run. */
    public String sampleNotice() {
        return sampleNotice;
    }

    private static void validate(SourceProperties source) {
        if (source.name() == null || !source.name().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw new ConfigurationException("sextant.sources[].name", "must be a DNS-1123 label, got '" + source.name() + "'",
                    "Use lower-case letters, digits and '-', starting and ending with a letter or digit.");
        }
        if (source.url() == null || source.url().isBlank()) {
            throw new ConfigurationException("sextant.sources[" + source.name() + "].url", "is required",
                    "Set the repository's https, ssh or file:// URL, or a local path.");
        }
        long maxFileSize = source.maxFileSize().toBytes();
        if (maxFileSize < 1 || maxFileSize > GitSourceSpec.MAX_FILE_BYTES_LIMIT) {
            throw new ConfigurationException("sextant.sources[" + source.name() + "].max-file-size", "must be between 1B"
                    + " and 1GB (a file that is read is held in memory), got " + source.maxFileSize(),
                    "Set a size such as 4MB.");
        }
    }

    private static GitCredentials credentials(SourceProperties source) {
        SourceProperties.AuthProperties auth = source.auth();
        if (auth == null) {
            return new GitCredentials.None();
        }
        if (auth.sshKeyFile() != null) {
            return new GitCredentials.SshKey(Path.of(auth.sshKeyFile()),
                    auth.knownHosts() == null ? null : Path.of(auth.knownHosts()));
        }
        if (auth.tokenFile() != null) {
            try {
                String token = java.nio.file.Files.readString(Path.of(auth.tokenFile())).trim();
                if (token.isEmpty()) {
                    throw new ConfigurationException("sextant.sources[" + source.name() + "].auth.token-file",
                            auth.tokenFile() + " is empty", "Write the token into the file (a trailing newline is fine).");
                }
                return new GitCredentials.UsernamePassword(auth.username() == null ? "git" : auth.username(), token);
            } catch (java.io.IOException e) {
                throw new ConfigurationException("sextant.sources[" + source.name() + "].auth.token-file", "cannot read "
                        + auth.tokenFile() + ": " + e.getMessage(), "Check the path and the file's permissions.", e);
            }
        }
        if (auth.tokenEnv() != null) {
            String token = System.getenv(auth.tokenEnv());
            if (token == null || token.isBlank()) {
                throw new ConfigurationException("sextant.sources[" + source.name() + "].auth.token-env", "environment variable "
                        + auth.tokenEnv() + " is not set or empty", "Export " + auth.tokenEnv() + " before starting the engine.");
            }
            return new GitCredentials.UsernamePassword(auth.username() == null ? "git" : auth.username(), token);
        }
        return new GitCredentials.None();
    }

    public Optional<WatchedSource> find(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public Collection<WatchedSource> all() {
        return sources.values();
    }

    @Override
    public void destroy() {
        sources.values().forEach(s -> s.git().close());
    }
}
