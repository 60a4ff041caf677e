package io.sextant.engine.source;

import io.sextant.engine.config.SourceProperties;
import io.sextant.git.api.GitException;
import io.sextant.git.api.LocalRepositories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The quick start's source: a local Git repository in the data directory, created on first start
 * from {@code sample-repo/} (next to the working directory when run from a checkout, otherwise the
 * copy inside the jar). Users edit and commit in it; the engine watches it like any remote.
 */
final class EmbeddedDefault {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDefault.class);

    static final String SOURCE_NAME = "sample";

    /** The sample specs live under {@code teams/}; examples for other backends live outside it. */
    static final List<String> PATHS = List.of("teams/");

    private EmbeddedDefault() {
    }

    static SourceProperties source(Path dataDir) {
        Path repo = dataDir.toAbsolutePath().resolve("sample-repo");
        if (!Files.isDirectory(repo.resolve(".git"))) {
            create(repo);
        }
        return new SourceProperties(SOURCE_NAME, repo.toString(), "main", PATHS, Duration.ofSeconds(10),
                null, null, null, null, null, null, null);
    }

    private static void create(Path repo) {
        Map<String, byte[]> files = sampleFiles();
        try {
            String commit = LocalRepositories.createWithFiles(repo, "main", files, "Import the Sextant sample repository");
            log.info("created the sample repository at {} (commit {}); edit and commit there to change the fleet",
                    repo, commit.substring(0, 7));
        } catch (GitException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Map<String, byte[]> sampleFiles() {
        Path onDisk = Path.of("sample-repo");
        Map<String, byte[]> files = Files.isDirectory(onDisk) ? fromDirectory(onDisk) : fromClasspath();
        if (files.isEmpty()) {
            throw new IllegalStateException("the sample repository is missing from both ./sample-repo and the jar");
        }
        return files;
    }

    private static Map<String, byte[]> fromDirectory(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return files;
    }

    private static Map<String, byte[]> fromClasspath() {
        Map<String, byte[]> files = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:sample-repo/**")) {
                if (!resource.isReadable()) {
                    continue;
                }
                String url = resource.getURL().toString();
                String path = url.substring(url.lastIndexOf("sample-repo/") + "sample-repo/".length());
                if (path.isEmpty() || path.endsWith("/")) {
                    continue;
                }
                try (InputStream in = resource.getInputStream()) {
                    files.put(path, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample repository from the jar", e);
        }
        return files;
    }
}
