package io.sextant.engine.dashboard;

import io.sextant.engine.config.SourceProperties;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a source's commits and pull requests live on its Git host's web UI: prefixes to which the
 * dashboard appends a commit id or PR number. From {@code host} when configured, otherwise guessed
 * from an https or ssh clone URL; local paths, {@code file://} and plain http have none.
 *
 * @param web               the repository's web page
 * @param commitPrefix      prefix of a commit's page
 * @param pullRequestPrefix prefix of a pull (merge) request's page
 */
public record CommitLinks(String web, String commitPrefix, String pullRequestPrefix) {

    private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@([\\w.-]+):(?!/)(.+)$");

    public static Optional<CommitLinks> of(SourceProperties source) {
        SourceProperties.HostProperties host = source.host();
        // A GitLab project may be named by its numeric id, which is no web path: use the clone URL then.
        if (host != null && host.repository() != null && host.repository().contains("/")) {
            String type = host.type() == null ? "github" : host.type().toLowerCase(Locale.ROOT);
            Optional<String> base = host.apiUrl() != null && !host.apiUrl().isBlank()
                    ? webBaseOfApi(host.apiUrl())
                    : defaultBase(type).or(() -> fromCloneUrl(source.url()).map(CommitLinks::origin));
            return base.map(b -> forType(type, b + "/" + trimSlashes(host.repository())));
        }
        return fromCloneUrl(source.url()).map(web -> forType(guessType(web), web));
    }

    /** The repository's https web address for an https or ssh clone URL, without credentials or {@code .git}. */
    static Optional<String> fromCloneUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        Matcher scp = SCP_LIKE.matcher(url);
        if (scp.matches()) {
            return repository("https://" + scp.group(1), scp.group(2));
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getPath() == null) {
            return Optional.empty();
        }
        if (scheme.equals("https")) {
            String port = uri.getPort() > 0 && uri.getPort() != 443 ? ":" + uri.getPort() : "";
            return repository("https://" + uri.getHost() + port, uri.getPath());
        }
        if (scheme.equals("ssh") || scheme.equals("git+ssh")) {
            return repository("https://" + uri.getHost(), uri.getPath()); // the SSH port is not the web port
        }
        return Optional.empty();
    }

    private static Optional<String> repository(String origin, String path) {
        String trimmed = trimSlashes(path);
        if (trimmed.endsWith(".git")) {
            trimmed = trimmed.substring(0, trimmed.length() - 4);
        }
        return trimmed.contains("/") ? Optional.of(origin + "/" + trimmed) : Optional.empty();
    }

    private static Optional<String> webBaseOfApi(String apiUrl) {
        String base = apiUrl.replaceAll("/+$", "");
        if (base.matches("(?i)https?://api\\.github\\.com")) {
            return Optional.of("https://github.com");
        }
        return Optional.of(base.replaceFirst("(?i)/api(/v\\d+)?(/.*)?$", ""));
    }

    private static Optional<String> defaultBase(String type) {
        switch (type) {
            case "github":
                return Optional.of("https://github.com");
            case "gitlab":
                return Optional.of("https://gitlab.com");
            default:
                return Optional.empty();
        }
    }

    private static String guessType(String web) {
        String host = URI.create(web).getHost().toLowerCase(Locale.ROOT);
        if (host.contains("gitlab")) {
            return "gitlab";
        }
        if (host.contains("bitbucket")) {
            return "bitbucket";
        }
        return host.contains("gitea") || host.equals("codeberg.org") ? "gitea" : "github";
    }

    private static CommitLinks forType(String type, String web) {
        switch (type) {
            case "gitlab":
                return new CommitLinks(web, web + "/-/commit/", web + "/-/merge_requests/");
            case "gitea":
            case "forgejo":
                return new CommitLinks(web, web + "/commit/", web + "/pulls/");
            case "bitbucket":
                return new CommitLinks(web, web + "/commits/", web + "/pull-requests/");
            default:
                return new CommitLinks(web, web + "/commit/", web + "/pull/");
        }
    }

    private static String origin(String web) {
        URI uri = URI.create(web);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String trimSlashes(String path) {
        return path.replaceAll("^/+|/+$", "");
    }
}
