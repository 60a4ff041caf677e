package io.sextant.engine.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code examples/plugins/model-cache} as a plugin author would, with the repository's Maven wrapper
 * offline: from a copy of the example's files as Git tracks them (a clean checkout: no {@code target/}), against
 * the plugin API jar the main build made, installed into a private local repository (the user's own
 * {@code ~/.m2} is only read, as its tail, for Maven's plugins and Jackson).
 */
final class ExamplePluginBuild {

    static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    static final String EXAMPLE = "examples/plugins/model-cache";

    private ExamplePluginBuild() {
    }

    /** The plugin jar, built under {@code work}. */
    static Path build(Path work) throws IOException, InterruptedException {
        Path apiJar = apiJar();
        Path repo = work.resolve("m2");
        // The same as ./mvnw install -pl plugin-api -am, without rebuilding the jar the running tests use; run
        // outside the project, as install-file in the root would run once per module.
        mvn(work, "install:install-file", "-Dfile=" + ROOT.resolve("pom.xml"), "-DpomFile=" + ROOT.resolve("pom.xml"),
                "-Dpackaging=pom", "-Dmaven.repo.local=" + repo, tail());
        mvn(work, "install:install-file", "-Dfile=" + apiJar, "-DpomFile=" + ROOT.resolve("plugin-api/pom.xml"),
                "-Dmaven.repo.local=" + repo, tail());
        Path project = checkout(work.resolve("model-cache"));
        mvn(project, "package", "-Dmaven.repo.local=" + repo, tail());
        return project.resolve("target/model-cache.jar");
    }

    /** The example's files as Git tracks them, copied: no build output, nothing untracked. */
    private static Path checkout(Path into) throws IOException, InterruptedException {
        Process ls = new ProcessBuilder("git", "ls-files", "--", EXAMPLE).directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        List<String> files = new String(ls.getInputStream().readAllBytes()).lines().toList();
        if (ls.waitFor() != 0 || files.isEmpty()) {
            throw new IllegalStateException("git ls-files " + EXAMPLE + " failed or found nothing: " + files);
        }
        for (String file : files) {
            Path target = into.resolve(Path.of(EXAMPLE).relativize(Path.of(file)));
            Files.createDirectories(target.getParent());
            Files.copy(ROOT.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
        }
        return into;
    }

    private static void mvn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-o", "-q", "-B"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " in " + dir + " failed:\n" + output);
        }
    }

    /** Maven's plugins and the API's dependencies come from the local repository the main build filled. */
    private static String tail() {
        return "-Dmaven.repo.local.tail=" + System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    }

    private static Path apiJar() throws IOException {
        try (var jars = Files.list(ROOT.resolve("plugin-api/target"))) {
            return jars.filter(f -> f.getFileName().toString().matches("sextant-plugin-api-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow();
        } catch (IOException | java.util.NoSuchElementException e) {
            throw new IllegalStateException("plugin-api/target has no jar: build the project first"
                    + " (./mvnw -q -DskipTests package)", e);
        }
    }
}
