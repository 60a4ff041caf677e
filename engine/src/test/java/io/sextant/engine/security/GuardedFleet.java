package io.sextant.engine.security;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An engine process guarded by an admin and a read token, with every kind of secret a deployment
 * holds: its tokens, Git token and webhook secret come from environment variables; source
 * {@code fleet} is served over authenticated smart HTTP, {@code mirror} has a password written
 * into its URL, and {@code gone} (a missing repository) a token written as its URL's user name.
 */
final class GuardedFleet implements AutoCloseable {

    static final String ADMIN = "admin-7f3a9c1e5b";
    static final String READER = "reader-2d8e4f6a0c";
    static final String GIT_TOKEN = "gittoken-91b7c3e5";
    static final String URL_PASSWORD = "urlpass-4c6e8a0b2d";
    static final String URL_USER_TOKEN = "ghp_urltoken8a6c4e2f0";
    static final String WEBHOOK_SECRET = "hooksecret-5e7a9c1b3d";
    static final List<String> SECRETS = List.of(ADMIN, READER, GIT_TOKEN, URL_PASSWORD, URL_USER_TOKEN, WEBHOOK_SECRET);

    final Path work;
    final GitHttpServer fleetServer;
    final GitHttpServer mirrorServer;
    final EngineProcess engine;

    private GuardedFleet(Path work, GitHttpServer fleetServer, GitHttpServer mirrorServer, EngineProcess engine) {
        this.work = work;
        this.fleetServer = fleetServer;
        this.mirrorServer = mirrorServer;
        this.engine = engine;
    }

    static GuardedFleet start() throws Exception {
        Path root = Files.createTempDirectory("sextant-access");
        GitHttpServer fleetServer = serve(root, "fleet", GIT_TOKEN);
        Path work = clone(root, fleetServer, "fleet");
        GitCli.writeFile(work, "teams/search/chat.yaml", Files.readString(
                Path.of("..", "sample-repo", "teams", "search", "llama-3-8b-chat.yaml")));
        commitAll(work, "One deployment");
        git(work, "push", "-q", "origin", "main");
        GitHttpServer mirrorServer = serve(root, "mirror", URL_PASSWORD);
        Path mirror = clone(root, mirrorServer, "mirror");
        GitCli.writeFile(mirror, "README.md", "no specs here\n");
        commitAll(mirror, "Empty mirror");
        git(mirror, "push", "-q", "origin", "main");

        EngineProcess engine = EngineProcess.start(Files.createDirectories(root.resolve("run")), Map.of(
                "SEXTANT_TEST_ADMIN", ADMIN, "SEXTANT_TEST_READ", READER, "SEXTANT_TEST_GIT_TOKEN", GIT_TOKEN,
                "SEXTANT_TEST_WEBHOOK_SECRET", WEBHOOK_SECRET), List.of(
                "sextant.data-dir=" + root.resolve("data"),
                "sextant.api.admin-token-env=SEXTANT_TEST_ADMIN", "sextant.api.read-token-env=SEXTANT_TEST_READ",
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + fleetServer.url("fleet"),
                "sextant.sources[0].poll-interval=1h", "sextant.sources[0].auth.username=sextant",
                "sextant.sources[0].auth.token-env=SEXTANT_TEST_GIT_TOKEN",
                "sextant.sources[0].webhook.secret-env=SEXTANT_TEST_WEBHOOK_SECRET",
                "sextant.sources[1].name=mirror", "sextant.sources[1].url=" + mirrorServer.authenticatedUrl("mirror"),
                "sextant.sources[1].poll-interval=1h",
                // A token written as the URL's user name, as GitHub personal access tokens often are.
                "sextant.sources[2].name=gone", "sextant.sources[2].url=" + mirrorServer.url("gone")
                        .replace("http://", "http://" + URL_USER_TOKEN + "@"),
                "sextant.sources[2].poll-interval=1h",
                "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=8"));
        return new GuardedFleet(work, fleetServer, mirrorServer, engine);
    }

    /** A Git server holding an empty repository {@code name}, guarded by {@code password}. */
    private static GitHttpServer serve(Path root, String name, String password) {
        Path repos = root.resolve(name + "-server");
        GitCli.initBare(repos.resolve(name + ".git"));
        return GitHttpServer.start(repos, "sextant", password);
    }

    /** A working repository that pushes to {@code name} on {@code server}. */
    private static Path clone(Path root, GitHttpServer server, String name) {
        Path work = GitCli.initRepo(root.resolve(name + "-work"));
        git(work, "remote", "add", "origin", server.authenticatedUrl(name));
        return work;
    }

    @Override
    public void close() {
        engine.close();
        fleetServer.close();
        mirrorServer.close();
    }
}
