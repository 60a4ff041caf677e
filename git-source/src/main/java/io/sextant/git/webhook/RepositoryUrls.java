package io.sextant.git.webhook;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reduces the many spellings of one repository's address to a comparable key, so that a source
 * configured as {@code https://github.com/acme/fleet.git} recognises a payload naming
 * {@code git@github.com:acme/fleet.git} or {@code https://github.com/acme/fleet}.
 *
 * <p>The key is {@code host/path}: scheme, user name, password and port are dropped (the same
 * server answers HTTPS and SSH on different ports), as are a {@code .git} suffix and slashes at
 * either end. It is lower case throughout: hosts are case-insensitive, and GitHub, GitLab and
 * Gitea resolve owner and repository names case-insensitively too. Matching a repository only
 * selects which secrets to try; the signature remains what authenticates a delivery.
 */
public final class RepositoryUrls {

    /** {@code [user@]host:path}, git's scp-like syntax; the path must not start with {@code //}. */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\s]+@)?([^:/\\s]+):(?!//)(.*)$");
    private static final Pattern WINDOWS_DRIVE = Pattern.compile("^[A-Za-z]:[\\\\/].*");

    private RepositoryUrls() {
    }

    /** The comparable key of {@code url}, or null when it is null or blank. */
    public static String normalise(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String value = url.trim().replace('\\', '/');
        String host;
        String path;
        int scheme = value.indexOf("://");
        Matcher scp = SCP_LIKE.matcher(value);
        if (scheme > 0) {
            String rest = value.substring(scheme + 3);
            int slash = rest.indexOf('/');
            host = hostOf(slash < 0 ? rest : rest.substring(0, slash));
            path = slash < 0 ? "" : rest.substring(slash);
        } else if (!WINDOWS_DRIVE.matcher(url.trim()).matches() && scp.matches()) {
            host = scp.group(1);
            path = scp.group(2);
        } else {
            host = "";
            path = value;
        }
        return (host + "/" + trimPath(path)).toLowerCase(Locale.ROOT);
    }

    /** The host of an authority {@code [user[:password]@]host[:port]}, IPv6 literals included. */
    private static String hostOf(String authority) {
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(0, end + 1);
        }
        int colon = hostPort.indexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    private static String trimPath(String path) {
        String trimmed = stripSlashes(path);
        if (trimmed.regionMatches(true, trimmed.length() - 4, ".git", 0, 4)) {
            trimmed = stripSlashes(trimmed.substring(0, trimmed.length() - 4));
        }
        return trimmed;
    }

    private static String stripSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
