package io.sextant.bench.e2e;

import java.io.IOException;
import java.net.ConnectException;
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

/**
 * One engine as a child JVM, started as a user starts it ({@code java [options] -jar sextant.jar}), that the
 * restart bench can SIGKILL ({@link Process#destroyForcibly()}) and ask over HTTP how far its start-up got.
 */
final class EngineProcess implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Process process;
    private final long startedNanos;
    private final String base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EngineProcess(Process process, long startedNanos, int port, Path log) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.base = "http://127.0.0.1:" + port;
        this.log = log;
    }

    /** Starts the engine with {@code jvmArgs} from {@code jar}, on a free port, appending its output to {@code log}. */
    static EngineProcess start(Path jar, List<String> jvmArgs, List<String> engineArgs, Path log) throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString())); // as the README starts it: java -jar sextant.jar
        command.add("--server.port=" + port);
        command.addAll(engineArgs);
        Files.writeString(log, "\n=== " + String.join(" ", command) + "\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new EngineProcess(process, started, port, log);
    }

    /** Nanoseconds since this process was started. */
    long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** CPU time (user + system, every thread) the process has used so far, in nanoseconds; -1 if unknown. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Waits until {@code /actuator/health} answers UP. */
    void awaitHealthy() throws IOException, InterruptedException {
        await("healthy", 10, () -> {
            String body = get("/actuator/health");
            return body != null && body.contains("\"UP\"");
        });
    }

    /** Waits until some source is being reconciled, or this process has finished a reconcile. */
    void awaitReconcileStarted() throws IOException, InterruptedException {
        await("reconcile started", 5, () -> {
            String sources = get("/api/v1/sources");
            return sources != null && sources.contains("\"reconciling\":true") || reconcilesFinished() > 0;
        });
    }

    /** Waits until this process has finished at least one reconcile of each of its {@code sources}. */
    void awaitReconcilesFinished(int sources) throws IOException, InterruptedException {
        await("first reconcile finished", 10, () -> reconcilesFinished() >= sources);
    }

    /**
     * Waits (at most {@code timeout}) until a source is being reconciled; returns whether one was seen, so the
     * caller can kill the engine mid-run.
     */
    boolean awaitReconciling(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String sources = get("/api/v1/sources");
            if (sources != null && sources.contains("\"reconciling\":true")) {
                return true;
            }
            Thread.sleep(2);
        }
        return false;
    }

    /** {@code POST /api/v1/sync} with {@code adminToken}. */
    void syncNow(String adminToken) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/sync"))
                .header("Authorization", "Bearer " + adminToken).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /api/v1/sync answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Sources with a finished reconcile in this process: one {@code sextant_reconcile_seconds_count} series each. */
    private int reconcilesFinished() throws IOException, InterruptedException {
        String metrics = get("/actuator/prometheus");
        if (metrics == null) {
            return 0;
        }
        return (int) metrics.lines().filter(l -> l.startsWith("sextant_reconcile_seconds_count{"))
                .map(l -> l.replaceAll(".*source=\"([^\"]*)\".*", "$1")).distinct().count();
    }

    /** SIGKILL, as when a node dies: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    private String get(String path) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (ConnectException | java.net.http.HttpTimeoutException notListeningYet) {
            return null;
        }
    }

    private interface Check {
        boolean done() throws IOException, InterruptedException;
    }

    private void await(String what, long pollMillis, Check check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!check.done()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + " before " + what
                        + "; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the engine was not " + what + " within " + TIMEOUT + "; see " + log);
            }
            Thread.sleep(pollMillis);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
