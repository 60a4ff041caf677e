package io.sextant.engine.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine as a separate operating-system process, started as a user would with environment
 * variables and command-line settings, so that secrets read from the environment are really read
 * from the environment, and everything the process prints can be inspected.
 */
final class EngineProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int port;

    private EngineProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static EngineProcess start(Path workDir, Map<String, String> environment, List<String> settings) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.sextant.engine.SextantApplication", "--server.port=" + port));
        settings.forEach(s -> command.add("--" + s));
        Path log = workDir.resolve("engine.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        EngineProcess engine = new EngineProcess(builder.start(), log, port);
        engine.awaitHealthy(Duration.ofSeconds(120));
        return engine;
    }

    private void awaitHealthy(Duration timeout) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException("the engine did not become healthy within " + timeout.toSeconds() + " s:\n" + output());
    }

    /** Everything the process wrote to stdout and stderr so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
