package io.sextant.engine.host;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SourceProperties;
import io.sextant.engine.config.SourceProperties.HostProperties;
import io.sextant.engine.source.SourceRegistry;
import io.sextant.engine.source.WatchedSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Git host API client of each source that configures {@code host}; checked at start-up, so a
 * missing token or an approval gate without a host stops the engine with a clear message.
 */
@Component
class HostClients {

    private final Map<String, HostClient> clients = new HashMap<>();

    @Autowired
    HostClients(SourceRegistry sources) {
        this(sources.all().stream().map(WatchedSource::properties).toList(), HostHttpSettings.DEFAULTS);
    }

    HostClients(List<SourceProperties> sources, HostHttpSettings settings) {
        for (SourceProperties properties : sources) {
            String key = "sextant.sources[" + properties.name() + "]";
            if (properties.host() != null) {
                clients.put(properties.name(), create(key + ".host", properties.host(), settings));
            }
            SourceProperties.ApprovalProperties approval = properties.approval();
            if (approval != null && approval.provider() != null) {
                HostClient client = clients.get(properties.name());
                if (client == null) {
                    throw new IllegalStateException(key + ".approval: needs " + key
                            + ".host (type, repository, token-env) to ask who approved a commit");
                }
                if (!approval.provider().equalsIgnoreCase(client.name())) {
                    throw new IllegalStateException(key + ".approval.provider: '" + approval.provider()
                            + "' does not match host.type '" + properties.host().type() + "'");
                }
                if (approval.minApprovals() != null && approval.minApprovals() < 0) {
                    throw new IllegalStateException(key + ".approval.min-approvals: must be >= 0, got "
                            + approval.minApprovals());
                }
            }
        }
    }

    /** The client of a source, when it configures a host. */
    Optional<HostClient> forSource(String source) {
        return Optional.ofNullable(clients.get(source));
    }

    private static HostClient create(String key, HostProperties host, HostHttpSettings settings) {
        if (host.repository() == null || host.repository().isBlank()) {
            throw new IllegalStateException(key + ".repository: is required (owner/name, or the GitLab project path)");
        }
        String type = host.type() == null ? "" : host.type().toLowerCase(java.util.Locale.ROOT);
        String token = token(key, host);
        if (type.equals("github")) {
            return new GitHubClient(host.apiUrl() == null ? GitHubClient.DEFAULT_API_URL : host.apiUrl(),
                    host.repository(), token, settings);
        }
        if (type.equals("gitlab")) {
            return new GitLabClient(host.apiUrl() == null ? GitLabClient.DEFAULT_API_URL : host.apiUrl(),
                    host.repository(), token, settings);
        }
        throw new IllegalStateException(key + ".type: must be github or gitlab, got '" + host.type() + "'");
    }

    private static String token(String key, HostProperties host) {
        if (host.tokenFile() != null) {
            try {
                String token = Files.readString(Path.of(host.tokenFile())).trim();
                if (!token.isEmpty()) {
                    return token;
                }
                throw new ConfigurationException(key + ".token-file", host.tokenFile() + " is empty",
                        "Write the API token into the file.");
            } catch (IOException e) {
                throw new IllegalStateException(key + ".token-file: cannot read " + host.tokenFile() + ": "
                        + e.getMessage(), e);
            }
        }
        if (host.tokenEnv() != null) {
            String token = System.getenv(host.tokenEnv());
            if (token == null || token.isBlank()) {
                throw new ConfigurationException(key + ".token-env", "environment variable " + host.tokenEnv()
                        + " is not set", "Export " + host.tokenEnv() + " before starting the engine.");
            }
            return token.trim();
        }
        throw new IllegalStateException(key + ": needs token-env or token-file (an API token with access to "
                + host.repository() + ")");
    }
}
