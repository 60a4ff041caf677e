package io.sextant.git.api;

import java.net.URI;
import java.util.Locale;

/**
 * The parts of a source URL that decide where credentials may go: scheme, host, port and whether
 * user information is written into it. A local path or scp-like address ({@code git@host:repo}) has
 * no scheme and is neither plain http nor carries HTTP user information.
 *
 * @param scheme      lower case, or empty
 * @param host        lower case, or empty
 * @param port        the port, or -1 for the scheme's default
 * @param hasUserInfo whether {@code user[:password]@} is written into the URL
 */
public record RemoteAddress(String scheme, String host, int port, boolean hasUserInfo) {

    /** Parses {@code url}; anything that is not a URL with a host gives an address with neither. */
    public static RemoteAddress of(String url) {
        if (url == null || !url.contains("://")) {
            return new RemoteAddress("", "", -1, false);
        }
        try {
            URI uri = URI.create(url.strip());
            return new RemoteAddress(lower(uri.getScheme()), lower(uri.getHost()), uri.getPort(),
                    uri.getRawUserInfo() != null && !uri.getRawUserInfo().isEmpty());
        } catch (IllegalArgumentException notAUri) {
            String scheme = url.substring(0, url.indexOf("://"));
            String rest = url.substring(url.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            return new RemoteAddress(lower(scheme), "", -1, authority.contains("@"));
        }
    }

    public boolean isPlainHttp() {
        return scheme.equals("http");
    }

    /** {@code localhost}, 127.0.0.0/8 or {@code ::1}: names that never leave this machine. */
    public boolean isLoopback() {
        // An IP literal only: a DNS name such as 127.example.com may resolve anywhere.
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
                || host.equals("[::1]") || host.equals("::1");
    }

    private static String lower(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
}
