package io.sextant.engine;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What a Kubernetes end-to-end test starts from: a Git server whose source {@value KubeFleet#SOURCE} holds the
 * given files in one pushed commit, a working copy to push more from, the test API server, and the token files
 * the engine reads, as a new user's would ({@code token-file}, never a token in the settings).
 */
record KubeEngineFixture(Path root, Path work, GitHttpServer git, KubeApiServer kube) implements AutoCloseable {

    static final String ADMIN_TOKEN = "test-admin-token";
    /** The engine's bearer token on the API server: its calls are told from kubectl's by it. */
    static final String ENGINE_TOKEN = "k8s-service-account-token";

    /** Starts both servers; {@code files} maps a path in the repository to its content. */
    static KubeEngineFixture start(String name, Map<String, String> files, String message) {
        KubeApiServer kube = new KubeApiServer(Duration.ZERO);
        try {
            Path root = Files.createTempDirectory(name);
            Path repos = Files.createDirectories(root.resolve("server"));
            GitCli.initBare(repos.resolve(KubeFleet.SOURCE + ".git"));
            GitHttpServer git = GitHttpServer.start(repos, KubeFleet.GIT_USER, "git-token");
            Path work = GitCli.initRepo(root.resolve("work"));
            files.forEach((path, content) -> GitCli.writeFile(work, path, content));
            GitCli.commitAll(work, message);
            GitCli.git(work, "remote", "add", "origin", git.authenticatedUrl(KubeFleet.SOURCE));
            GitCli.git(work, "push", "-q", "origin", "main");
            Files.writeString(root.resolve("git-token"), "git-token\n");
            Files.writeString(root.resolve("k8s-token"), ENGINE_TOKEN + "\n");
            return new KubeEngineFixture(root, work, git, kube);
        } catch (IOException e) {
            kube.close();
            throw new UncheckedIOException(e);
        }
    }

    /** {@link KubeFleet#engineSettings} with a data directory and the admin token; a test adds its own. */
    Map<String, String> engineSettings() {
        Map<String, String> settings = KubeFleet.engineSettings(git, root.resolve("git-token"), kube,
                root.resolve("k8s-token"));
        settings.put("sextant.data-dir", root.resolve("data").toString());
        settings.put("sextant.api.admin-token", ADMIN_TOKEN);
        return settings;
    }

    static void register(DynamicPropertyRegistry registry, Map<String, String> settings) {
        settings.forEach((key, value) -> registry.add(key, () -> value));
    }

    @Override
    public void close() {
        git.close();
        kube.close();
    }
}
