package io.sextant.git.testing;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.util.FS;

/**
 * A real smart-HTTP Git server for tests: JGit's {@link GitServlet} in embedded Tomcat on 127.0.0.1,
 * serving each repository under a root directory at {@code /git/<name>.git}, behind HTTP Basic auth.
 * Authenticated users may fetch and push (including force pushes), as on a hosted Git service.
 */
public final class GitHttpServer implements AutoCloseable {

    private final Tomcat tomcat;
    private final Path baseDir;
    private final BasicAuthFilter auth;
    private final String username;
    private final String password;
    private final int port;

    private GitHttpServer(Tomcat tomcat, Path baseDir, BasicAuthFilter auth, String username, String password) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
        this.auth = auth;
        this.username = username;
        this.password = password;
        this.port = tomcat.getConnector().getLocalPort();
    }

    /**
     * Starts a server on a free port of 127.0.0.1. A repository {@code <root>/<name>.git} (bare, as a
     * server keeps them) or {@code <root>/<name>} (a working repository, read only in practice) is
     * served at {@link #url(String) url(name)}.
     */
    public static GitHttpServer start(Path repositoriesRoot, String username, String password) {
        Path root = repositoriesRoot.toAbsolutePath().normalize();
        Path baseDir = null;
        try {
            baseDir = Files.createTempDirectory("git-http-server");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(0);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);

            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "git", gitServlet(root));
            context.addServletMappingDecoded("/git/*", "git");
            BasicAuthFilter auth = new BasicAuthFilter(username, password);
            FilterDef def = new FilterDef();
            def.setFilterName("basic-auth");
            def.setFilter(auth);
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("basic-auth");
            map.addURLPattern("/*");
            context.addFilterMap(map);

            tomcat.start();
            return new GitHttpServer(tomcat, baseDir, auth, username, password);
        } catch (IOException | LifecycleException e) {
            deleteTree(baseDir);
            throw new IllegalStateException("cannot start the Git HTTP server: " + e, e);
        }
    }

    /** The clone URL of {@code <root>/<repoName>.git}, without credentials. */
    public String url(String repoName) {
        return "http://127.0.0.1:" + port + "/git/" + repoName + ".git";
    }

    /** The clone URL with the credentials written in, for the git CLI (which has no other way here). */
    public String authenticatedUrl(String repoName) {
        return "http://" + encode(username) + ":" + encode(password) + "@127.0.0.1:" + port
                + "/git/" + repoName + ".git";
    }

    /** HTTP requests received so far, rejected ones included: what a client's polling costs the server. */
    public int requestCount() {
        return auth.requestCount();
    }

    private boolean closed;

    public int port() {
        return port;
    }

    /** Stops the server; closing it again does nothing (a test may take the server away early). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("cannot stop the Git HTTP server", e);
        } finally {
            deleteTree(baseDir);
        }
    }

    private static GitServlet gitServlet(Path root) {
        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver((request, name) -> open(root, name));
        // Only authenticated requests get this far; they may push, as on GitHub.
        servlet.setReceivePackFactory((request, db) -> {
            ReceivePack pack = new ReceivePack(db);
            String user = request.getRemoteUser();
            pack.setRefLogIdent(new PersonIdent(user, user + "@git-http-server.invalid"));
            return pack;
        });
        return servlet;
    }

    /** Opens {@code <root>/<name>} (bare) or its {@code .git}; names escaping the root are not found. */
    private static Repository open(Path root, String name) throws RepositoryNotFoundException {
        Path dir = root.resolve(name).normalize();
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw new RepositoryNotFoundException(name);
        }
        List<Path> candidates = name.endsWith(".git")
                ? List.of(dir, root.resolve(name.substring(0, name.length() - 4)).normalize()) : List.of(dir);
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate) && candidate.startsWith(root)) {
                try {
                    return RepositoryCache.FileKey.lenient(candidate.toFile(), FS.DETECTED).open(true);
                } catch (IOException notARepository) {
                    // try the next spelling
                }
            }
        }
        throw new RepositoryNotFoundException(name);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // Tomcat's scratch directory in /tmp; leaving it is harmless
        }
    }
}
