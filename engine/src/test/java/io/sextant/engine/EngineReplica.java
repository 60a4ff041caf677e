package io.sextant.engine;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One engine replica as its own JVM process on the test class path, so that a test can SIGKILL it
 * ({@link Process#destroyForcibly()}): no shutdown hook, no graceful stop, as when a node dies.
 */
final class EngineReplica implements AutoCloseable {

    final String name;
    final int port;
    final Path dataDir;
    final Path log;
    private final Process process;

    private EngineReplica(String name, int port, Path dataDir, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code name} with data in {@code root/name} and these {@code --key=value} settings, logging to
     * {@code logs/name.log}.
     */
    static EngineReplica start(String name, Path root, Path logs, Map<String, String> settings) throws IOException {
        return startOn(Files.createDirectories(root.resolve(name)), name, logs, settings);
    }

    /**
     * Starts {@code name} on an existing data directory (an engine restarted after a kill keeps its
     * database and Git cache), logging to {@code logs/name.log}.
     */
    static EngineReplica startOn(Path dataDir, String name, Path logs, Map<String, String> settings) throws IOException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), SextantApplication.class.getName(),
                "--server.port=" + port, "--sextant.data-dir=" + dataDir));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createDirectories(logs).resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new EngineReplica(name, port, dataDir, log, process);
    }

    EngineClient client(String adminToken) {
        return new EngineClient(port, adminToken);
    }

    /** Waits until the replica serves its API; fails with its log's path if it dies first. */
    void awaitUp(Duration timeout) {
        EngineClient client = client(null);
        EngineClient.await("replica " + name + " up", timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("replica " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return client.get("/api/v1/sources").statusCode() == 200;
            } catch (AssertionError notListeningYet) {
                return false;
            }
        });
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
