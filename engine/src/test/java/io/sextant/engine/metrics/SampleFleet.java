package io.sextant.engine.metrics;

import static io.sextant.git.testing.GitCli.commitAll;
import static io.sextant.git.testing.GitCli.git;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import io.sextant.git.webhook.WebhookSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sample repository pushed to a smart-HTTP Git server and watched by an in-process engine on
 * {@code sim-local} (drift scans every second, self-heal on, JSON console logs), with the calls an
 * operator's tools make: sync, webhooks, scrapes.
 */
final class SampleFleet implements AutoCloseable {

    static final String ADMIN_TOKEN = "metrics-admin-token";
    static final String WEBHOOK_SECRET = "metrics-webhook-secret";

    final Path work;
    final GitHttpServer server;
    final ConfigurableApplicationContext engine;
    final EngineClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    private SampleFleet(Path work, GitHttpServer server, ConfigurableApplicationContext engine) {
        this.work = work;
        this.server = server;
        this.engine = engine;
        this.client = new EngineClient(port(), ADMIN_TOKEN);
    }

    static SampleFleet start() throws IOException {
        Path root = Files.createTempDirectory("sextant-metrics");
        Path repos = Files.createDirectories(root.resolve("server"));
        GitCli.initBare(repos.resolve("fleet.git"));
        GitHttpServer server = GitHttpServer.start(repos, "sextant", "metrics-git-token");
        Path work = GitCli.initRepo(root.resolve("work"));
        copySample(work);
        commitAll(work, "Import the fleet");
        git(work, "remote", "add", "origin", server.authenticatedUrl("fleet"));
        git(work, "push", "-q", "origin", "main");
        Files.writeString(root.resolve("git-token"), "metrics-git-token\n");
        Files.writeString(root.resolve("webhook-secret"), WEBHOOK_SECRET + "\n");
        ConfigurableApplicationContext engine = new SpringApplicationBuilder(SextantApplication.class).properties(
                "server.port=0", "sextant.data-dir=" + root.resolve("data"), "sextant.api.admin-token=" + ADMIN_TOKEN,
                "sextant.sources[0].name=fleet", "sextant.sources[0].url=" + server.url("fleet"),
                "sextant.sources[0].paths[0]=teams/", "sextant.sources[0].poll-interval=1h",
                "sextant.sources[0].auth.username=sextant",
                "sextant.sources[0].auth.token-file=" + root.resolve("git-token"),
                "sextant.sources[0].webhook.secret-file=" + root.resolve("webhook-secret"),
                "sextant.backends[0].name=sim-local", "sextant.backends[0].type=sim",
                "sextant.backends[0].gpus[H100-80GB]=8", "sextant.backends[0].gpus[A100-40GB]=8",
                "sextant.backends[0].gpus[L4-24GB]=8",
                "sextant.drift.interval=1s", "sextant.sync.self-heal=true",
                "logging.structured.format.console=ecs").run();
        return new SampleFleet(work, server, engine);
    }

    int port() {
        return Integer.parseInt(engine.getEnvironment().getProperty("local.server.port"));
    }

    /** Commits and pushes every change in the working repository; returns the new head. */
    String push(String message) {
        commitAll(work, message);
        git(work, "push", "-q", "origin", "main");
        return GitCli.head(work);
    }

    /** Sends the real GitHub push payload for {@code after} with this signature; returns the status. */
    int gitHubPush(String after, boolean signed) throws Exception {
        byte[] payload = gitHubPushPayload(server.url("fleet"), after);
        String signature = signed ? WebhookSignatures.hmacSha256Hex(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8),
                payload) : "0".repeat(64);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", "delivery-" + System.nanoTime())
                .header("X-Hub-Signature-256", "sha256=" + signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload)).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** {@code GET /actuator/prometheus} as Prometheus asks for it. */
    HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + "/actuator/prometheus"))
                .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** git-source's real GitHub push fixture, pointed at the test repository. */
    private static byte[] gitHubPushPayload(String repositoryUrl, String after) throws IOException {
        try (InputStream in = SampleFleet.class.getResourceAsStream("/webhooks/github/push.with-new-branch.payload.json")) {
            ObjectNode payload = (ObjectNode) JsonMapper.builder().build().readTree(in.readAllBytes());
            payload.put("ref", "refs/heads/main").put("after", after);
            ((ObjectNode) payload.get("repository")).put("clone_url", repositoryUrl);
            return payload.toString().getBytes(StandardCharsets.UTF_8);
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

    @Override
    public void close() {
        engine.close();
        server.close();
    }
}
