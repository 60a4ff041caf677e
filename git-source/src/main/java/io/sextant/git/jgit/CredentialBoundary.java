package io.sextant.git.jgit;

import io.sextant.git.api.GitSourceSpec;
import io.sextant.git.api.RemoteAddress;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.util.Locale;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * Keeps a source's Git credentials on the host it names. JGit follows a redirect to any host and
 * keeps the Authorization it has set up, and would send it over a plain {@code http://} redirect
 * too; its connection factory is the one place every request (the first, each redirect, each
 * upload-pack POST) passes, so this wraps it and refuses, before connecting, a request of a source
 * with credentials that goes to another host or port, or over plain http where the source does not
 * allow that ({@link GitSourceSpec#sendsCredentialsInPlainText()}).
 *
 * <p>JGit's factory is process-wide, so the source a request belongs to is told by the thread: a
 * JGit command runs its HTTP requests on the thread that calls it, and {@link Remote} wraps each
 * call in {@link #enter}. Requests from no source (other JGit users in the process) pass unchanged.
 */
final class CredentialBoundary implements HttpConnectionFactory2 {

    private static final ThreadLocal<GitSourceSpec> CURRENT = new ThreadLocal<>();

    static {
        HttpTransport.setConnectionFactory(new CredentialBoundary(HttpTransport.getConnectionFactory()));
    }

    private final HttpConnectionFactory delegate;

    private CredentialBoundary(HttpConnectionFactory delegate) {
        this.delegate = delegate;
    }

    /** Marks this thread's JGit requests as {@code spec}'s until the scope is closed. */
    static Scope enter(GitSourceSpec spec) {
        GitSourceSpec outer = CURRENT.get();
        CURRENT.set(spec);
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** The extent of one source's JGit call. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        check(url);
        return delegate.create(url);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        check(url);
        return delegate.create(url, proxy);
    }

    @Override
    public GitSession newSession() {
        if (delegate instanceof HttpConnectionFactory2 sessions) {
            return sessions.newSession();
        }
        return new GitSession() {
            @Override
            public HttpConnection configure(HttpConnection connection, boolean sslVerify) {
                return connection;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void check(URL url) throws IOException {
        GitSourceSpec spec = CURRENT.get();
        if (spec == null || !spec.hasHttpCredentials()) {
            return;
        }
        RemoteAddress source = RemoteAddress.of(spec.url());
        String host = url.getHost().toLowerCase(Locale.ROOT);
        // Same host, and the same port unless the scheme changed (an http to https upgrade moves 80 to 443).
        boolean samePort = !url.getProtocol().equalsIgnoreCase(source.scheme())
                || port(url.getProtocol(), url.getPort()) == port(source.scheme(), source.port());
        if (!host.equals(source.host()) || !samePort) {
            throw new IOException("the server redirected from " + authority(source.host(), source.port()) + " to "
                    + authority(host, url.getPort()) + "; Git credentials are only sent to the source's own host, "
                    + "so they were not sent: point the source's url at " + authority(host, url.getPort()));
        }
        boolean loopback = RemoteAddress.of("http://" + url.getHost()).isLoopback();
        if (url.getProtocol().equalsIgnoreCase("http") && !spec.allowInsecureHttp() && !loopback) {
            throw new IOException("refused to send Git credentials over plain http to " + host + ": use https, "
                    + "or set sextant.sources[" + spec.name() + "].auth.allow-insecure-http: true");
        }
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return scheme.equalsIgnoreCase("https") ? 443 : 80;
    }

    private static String authority(String host, int port) {
        return port > 0 ? host + ":" + port : host;
    }
}
