package io.sextant.analysis.prometheus;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package), started from the test with its own config, a
 * data directory in a temporary directory, a free port and a 1 s scrape interval. Where it is not
 * installed the calling test is skipped with a visible reason, unless
 * {@code -Dsextant.prometheus.required=true} (as in {@code .ci/run}) makes that a failure.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final String REQUIRED = "sextant.prometheus.required";

    private final Process process;
    private final URI url;
    private final Path log;

    /** Skips (or, when required, fails) the calling test unless Prometheus is installed. */
    static void assumeInstalled() {
        check(BINARY, Boolean.getBoolean(REQUIRED));
    }

    static void check(Path binary, boolean required) {
        if (Files.isExecutable(binary)) {
            return;
        }
        String reason = binary + " is missing: install Debian's package 'prometheus' (apt-get install -y"
                + " prometheus) to run the tests against a real Prometheus";
        if (required) {
            throw new AssertionError(reason + "; " + REQUIRED + "=true does not allow skipping them");
        }
        Assumptions.abort(reason); // a visible skip on a machine without it; .ci/run installs it and requires it
    }

    /** Starts Prometheus scraping each target (host:port) with the label {@code version} given. */
    static PrometheusServer start(Path dir, Map<String, String> versionByTarget) throws Exception {
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: vllm
                    static_configs:
                """);
        versionByTarget.forEach((target, version) -> config.append("      - targets: ['").append(target)
                .append("']\n        labels: {version: '").append(version).append("'}\n"));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady();
        return server;
    }

    private PrometheusServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    URI url() {
        return url;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/-/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus was not ready within 30 s: " + Files.readString(log));
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
