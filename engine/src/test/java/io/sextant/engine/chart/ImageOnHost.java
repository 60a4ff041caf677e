package io.sextant.engine.chart;

import io.sextant.engine.SextantApplication;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile's run stage acted out on this host, where no Docker daemon runs: its file system
 * under a temporary root (the stage's own {@code mkdir} and {@code printf} with image paths moved
 * under that root), its ENV and WORKDIR, its ENTRYPOINT with the engine's main class on the test
 * class path in place of the jar, and its HEALTHCHECK command run as written.
 */
final class ImageOnHost implements AutoCloseable {

    /** Shell commands of a RUN that need no root and touch only the image's file system. */
    private static final List<String> FILE_SYSTEM_COMMANDS = List.of("mkdir", "printf");
    /** Variables from the test's environment that would configure the engine behind the image's back. */
    private static final List<String> ENGINE_ENV_PREFIXES = List.of("SEXTANT_", "SPRING_", "SERVER_", "MANAGEMENT_",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Dockerfile.Stage stage;
    private final Path root;
    private Process engine;

    private ImageOnHost(Dockerfile.Stage stage, Path root) {
        this.stage = stage;
        this.root = root;
    }

    /**
     * Creates the stage's files under {@code root}: each RUN's {@code mkdir}/{@code printf} commands
     * run by {@code /bin/sh -c} as Docker runs them, with the VOLUME and WORKDIR paths moved under root.
     */
    static ImageOnHost layOut(Dockerfile.Stage stage, Path root) throws IOException, InterruptedException {
        ImageOnHost image = new ImageOnHost(stage, root);
        for (String run : stage.all("RUN")) {
            for (String command : commands(run)) {
                if (FILE_SYSTEM_COMMANDS.contains(command.split("\\s+")[0])) {
                    image.sh(image.moveUnderRoot(command));
                }
            }
        }
        return image;
    }

    /** The {@code &&}-separated commands of a RUN (quotes respected), flags such as --mount dropped. */
    static List<String> commands(String run) {
        String script = run.replaceFirst("^(--\\S+\\s+)*", "");
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote == 0 && c == '&' && i + 1 < script.length() && script.charAt(i + 1) == '&') {
                commands.add(current.toString().strip());
                current.setLength(0);
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            }
            current.append(c);
        }
        commands.add(current.toString().strip());
        return commands;
    }

    /** Where a path of the image lies on this host. */
    Path path(String imagePath) {
        return root.resolve(imagePath.substring(1));
    }

    /**
     * The container's environment: the stage's ENV plus {@code extra} (what {@code docker run -e} or
     * the runtime adds), over this host's variables minus any that would configure the engine.
     */
    Map<String, String> env(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (ENGINE_ENV_PREFIXES.stream().noneMatch(name::startsWith)) {
                env.put(name, value);
            }
        });
        env.putAll(stage.env());
        env.putAll(extra);
        return env;
    }

    /** Starts the ENTRYPOINT as {@code docker run} would, in WORKDIR with this environment. */
    void start(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(entrypoint()).directory(path(stage.one("WORKDIR")).toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        engine = builder.start();
    }

    boolean running() {
        return engine != null && engine.isAlive();
    }

    /** {@code docker stop}: SIGTERM, then SIGKILL if the engine has not exited after its grace period. */
    void stop() throws InterruptedException {
        engine.destroy();
        if (!engine.waitFor(60, TimeUnit.SECONDS)) {
            engine.destroyForcibly().waitFor();
        }
    }

    /** Runs the HEALTHCHECK command with the container's environment; its exit code (-1: timed out). */
    int healthcheck(Map<String, String> env) throws IOException, InterruptedException {
        Dockerfile.Healthcheck check = Dockerfile.Healthcheck.parse(stage.one("HEALTHCHECK"));
        ProcessBuilder builder = new ProcessBuilder(check.command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        // Far beyond the HEALTHCHECK's own --timeout, so a loaded machine does not fail the test.
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (engine != null) {
            engine.destroyForcibly().waitFor();
        }
    }

    /** {@code java -jar <jar>} becomes {@code java -cp <test class path> SextantApplication}. */
    private List<String> entrypoint() {
        List<String> image = Dockerfile.command(stage.one("ENTRYPOINT"));
        if (image.size() < 3 || !image.get(0).equals("java") || !image.get(1).equals("-jar")) {
            throw new AssertionError("ENTRYPOINT is not java -jar <jar>: " + image);
        }
        List<String> host = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: a faster start on a loaded machine; changes no behaviour the test looks at.
                "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SextantApplication.class.getName()));
        host.addAll(image.subList(3, image.size()));
        return host;
    }

    private String moveUnderRoot(String command) {
        List<String> imagePaths = new ArrayList<>(Dockerfile.values(stage.one("VOLUME")));
        imagePaths.add(stage.one("WORKDIR"));
        String moved = command;
        for (String imagePath : imagePaths) {
            Matcher at = Pattern.compile("(?<![\\w/.-])" + Pattern.quote(imagePath) + "(?![\\w.-])").matcher(moved);
            moved = at.replaceAll(Matcher.quoteReplacement(root + imagePath));
        }
        return moved;
    }

    private void sh(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError("the Dockerfile's `" + command + "` failed: " + output);
        }
    }
}
