package io.sextant.engine.host;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;

import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample fleet in a repository served over authenticated smart HTTP, and a user's clone that
 * pushes to its main branch and to pull request heads the way GitHub and GitLab keep them.
 */
final class FleetRepo implements AutoCloseable {

    static final String GIT_USER = "sextant";
    static final String GIT_TOKEN = "fleet-git-token";

    final Path root;
    final GitHttpServer server;
    final Path work;

    FleetRepo(String prefix) {
        try {
            root = Files.createTempDirectory(prefix);
            Path repos = Files.createDirectories(root.resolve("server"));
            GitCli.initBare(repos.resolve("fleet.git"));
            server = GitHttpServer.start(repos, GIT_USER, GIT_TOKEN);
            work = GitCli.initRepo(root.resolve("work"));
            copySample(work);
            commitAll(work, "Import the fleet");
            git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
            git(work, "push", "-q", "origin", "main");
            Files.writeString(root.resolve("git-token"), GIT_TOKEN + "\n");
            Files.writeString(root.resolve("host-token"), "host-api-token-5f3c9a\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return server.url("fleet");
    }

    String head() {
        return GitCli.head(work);
    }

    /** Edits a file of the work tree: replaces {@code from} with {@code to}. */
    void edit(String file, String from, String to) {
        try {
            Path path = work.resolve(file);
            String text = Files.readString(path);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " has no '" + from + "'");
            }
            Files.writeString(path, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits everything and pushes it to main; returns the commit. */
    String pushToMain(String message) {
        String commit = commitAll(work, message);
        git(work, "push", "-q", "origin", "main");
        return commit;
    }

    /**
     * Commits on a branch off main and pushes it as a pull request's head ({@code ref}, such as
     * {@code refs/pull/7/head}), as the host does when someone pushes to a pull request's branch; main
     * is left as it was. Returns the head commit.
     */
    String pushPullRequest(String branch, String ref, String message, Runnable edits) {
        if (git(work, "branch", "--list", branch).isBlank()) {
            git(work, "checkout", "-q", "-b", branch);
        } else {
            git(work, "checkout", "-q", branch);
        }
        edits.run();
        String head = commitAll(work, message);
        git(work, "push", "-q", "-f", "origin", "HEAD:" + ref);
        git(work, "checkout", "-q", "main");
        return head;
    }

    static void copySample(Path target) throws IOException {
        Path sample = Path.of("..", "sample-repo").toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sample)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        for (Path file : files) {
            Path to = target.resolve(sample.relativize(file).toString());
            Files.createDirectories(to.getParent());
            Files.copy(file, to);
        }
    }

    /** Stops the server and deletes the repositories and the engine's data directory under {@link #root}. */
    @Override
    public void close() {
        server.close();
        // At JVM exit the engine may still be closing its database here: delete what can be deleted.
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                path.toFile().delete();
            }
        } catch (IOException | java.io.UncheckedIOException leftBehind) {
            // a temporary directory; the OS cleans it eventually
        }
    }
}
