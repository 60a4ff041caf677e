package io.sextant.engine.dashboard;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real engine on the sample fleet, pushed over authenticated smart HTTP with the {@code git} client,
 * plus a headless Chromium pointed at its dashboard.
 */
final class DashboardFixture implements AutoCloseable {

    static final String ADMIN_TOKEN = "browser-admin-token";

    final Path work;
    final GitHttpServer server;
    final ConfigurableApplicationContext engine;
    final EngineClient client;
    final ChromeDriver driver;
    final DashboardPage page;

    DashboardFixture(Path root) throws IOException {
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        server = GitHttpServer.start(repos, "sextant", "s3cret-token");
        work = GitCli.initRepo(root.resolve("work"));
        copySample(work);
        commitAll(work, "Import the fleet");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "s3cret-token\n");
        engine = new SpringApplicationBuilder(SextantApplication.class).properties(
                "server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=" + ADMIN_TOKEN,
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                "sextant.sources[0].auth.username=sextant",
                "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                "sextant.sync.self-heal=false", "sextant.drift.interval=1s").run();
        int port = Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
        client = new EngineClient(port, ADMIN_TOKEN);
        driver = Browser.start(1440, 1000);
        page = new DashboardPage(driver, "http://127.0.0.1:" + port);
    }

    String head() {
        return GitCli.head(work);
    }

    /** Edits a file of the work tree, commits and pushes; returns the new commit id. */
    String push(String file, String from, String to, String message) throws IOException {
        Path path = work.resolve(file);
        Files.writeString(path, Files.readString(path).replace(from, to));
        commitAll(work, message);
        git(work, "push", "-q", "origin", "main");
        return head();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try {
                engine.close();
            } finally {
                server.close();
            }
        }
    }

    private static void copySample(Path target) throws IOException {
        Path sample = Path.of("..", "sample-repo").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sample)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path to = target.resolve(sample.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
        }
    }
}
