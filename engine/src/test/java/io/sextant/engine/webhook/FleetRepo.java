package io.sextant.engine.webhook;

import static io.sextant.git.testing.GitCli.git;

import io.sextant.git.testing.GitCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The sample fleet in a working repository, changed and pushed the way a user would. */
final class FleetRepo {

    static final String FILE = "teams/ranking/bge-reranker.yaml";

    private FleetRepo() {
    }

    /** Copies the repository's sample-repo/ files into {@code target}. */
    static void copySample(Path target) throws IOException {
        Path sample = Path.of("..", "sample-repo").toAbsolutePath().normalize();
        try (Stream<Path> walk = Files.walk(sample)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Path to = target.resolve(sample.relativize(file).toString());
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
    }

    /** Commits and pushes a new replica count (1 to 3) for the reranker; the commit id. */
    static String pushReplicaChange(Path work, String message) throws IOException {
        Path file = work.resolve(FILE);
        String spec = Files.readString(file);
        int replicas = Integer.parseInt(spec.replaceAll("(?s).*\\n  replicas: (\\d+).*", "$1"));
        Files.writeString(file, spec.replace("  replicas: " + replicas, "  replicas: " + (replicas % 3 + 1)));
        GitCli.commitAll(work, message);
        git(work, "push", "-q", "origin", "main");
        return GitCli.head(work);
    }
}
