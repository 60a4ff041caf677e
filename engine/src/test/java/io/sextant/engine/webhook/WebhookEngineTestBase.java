package io.sextant.engine.webhook;

import static io.sextant.git.testing.GitCli.git;

import io.sextant.engine.EngineClient;
import io.sextant.engine.SextantApplication;
import io.sextant.engine.reconcile.Reconciler;
import io.sextant.git.testing.GitCli;
import io.sextant.git.testing.GitHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One real engine, shared by the webhook engine tests (same configuration, so one Spring context):
 * the sample fleet in a repository served over authenticated smart HTTP, polled only hourly so
 * that anything applied within a test was applied because of a webhook. Source {@code fleet} has
 * a webhook secret in a file, {@code quiet} none, {@code bursty} its own (for the rate limit).
 */
@SpringBootTest(classes = {SextantApplication.class, RecordedPullRequests.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WebhookEngineTestBase {

    static final String SECRET = "fleet-hook-s3cret";
    static final String BURSTY_SECRET = "bursty-hook-s3cret";
    /**
     * The rate limit: a burst of 20, then one delivery per 100 s, so that a test can exhaust it
     * deterministically. Every signed delivery for {@code fleet} in these tests draws on the same
     * burst: keep them under 20 in all.
     */
    static final int BURST = 20;
    static final double PER_SECOND = 0.01;
    static final Path ROOT;
    static final Path WORK;
    static final GitHttpServer SERVER;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        try {
            ROOT = Files.createTempDirectory("sextant-webhooks");
            Path repos = Files.createDirectories(ROOT.resolve("server"));
            SERVER = GitHttpServer.start(repos, "sextant", "git-token");
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close)); // the cached context outlives each class
            WORK = repository(repos, "fleet");
            FleetRepo.copySample(WORK);
            GitCli.commitAll(WORK, "Import the fleet");
            git(WORK, "push", "-q", "origin", "main");
            for (String name : new String[] {"quiet", "bursty"}) {
                Path work = repository(repos, name);
                GitCli.commitFile(work, "README.md", "# " + name + "\n", "Start");
                git(work, "push", "-q", "origin", "main");
            }
            Files.writeString(ROOT.resolve("git-token"), "git-token\n");
            Files.writeString(ROOT.resolve("fleet-hook"), SECRET + "\n");
            Files.writeString(ROOT.resolve("bursty-hook"), BURSTY_SECRET);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Path repository(Path repos, String name) {
        GitCli.initBare(repos.resolve(name + ".git"));
        Path work = GitCli.initRepo(ROOT.resolve("work-" + name));
        git(work, "remote", "add", "origin", SERVER.authenticatedUrl(name));
        return work;
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> "admin");
        registry.add("sextant.drift.interval", () -> "1h");
        registry.add("sextant.webhooks.rate-limit.per-second", () -> Double.toString(PER_SECOND));
        registry.add("sextant.webhooks.rate-limit.burst", () -> Integer.toString(BURST));
        // Refused deliveries from 127.0.0.1 add up over the classes sharing this engine; WebhookReceiverTest
        // tests that limit.
        registry.add("sextant.webhooks.unauthenticated.burst", () -> "1000");
        String[][] sources = {{"fleet", "fleet-hook"}, {"quiet", null}, {"bursty", "bursty-hook"}};
        for (int i = 0; i < sources.length; i++) {
            String prefix = "sextant.sources[" + i + "].";
            String name = sources[i][0];
            registry.add(prefix + "name", () -> name);
            registry.add(prefix + "url", () -> SERVER.url(name));
            registry.add(prefix + "poll-interval", () -> "1h");
            registry.add(prefix + "auth.username", () -> "sextant");
            registry.add(prefix + "auth.token-file", () -> ROOT.resolve("git-token").toString());
            if (sources[i][1] != null) {
                String secretFile = ROOT.resolve(sources[i][1]).toString();
                registry.add(prefix + "webhook.secret-file", () -> secretFile);
            }
        }
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        for (String gpu : new String[] {"H100-80GB", "A100-40GB", "L4-24GB"}) {
            registry.add("sextant.backends[0].gpus[" + gpu + "]", () -> "8");
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    RecordedPullRequests pullRequests;

    @BeforeEach
    void engineSyncedTheFleet() {
        EngineClient.await("the start-up sync of the fleet", Duration.ofSeconds(60), () -> appliedRevision() != null);
    }

    EngineClient client() {
        return new EngineClient(port, "admin");
    }

    static String fleetUrl() {
        return SERVER.url("fleet");
    }

    /** Commits and pushes a new replica count for the reranker (without telling the engine); the commit id. */
    static String pushReplicaChange(String message) throws IOException {
        return FleetRepo.pushReplicaChange(WORK, message);
    }

    String appliedRevision() {
        var item = client().resource("ModelDeployment", "ranking", "bge-reranker");
        return item == null || item.get("appliedRevision").isNull() ? null : item.get("appliedRevision").asString();
    }

    int auditEvents() {
        return client().getJson("/api/v1/audit?limit=10000").get("items").size();
    }

    void awaitApplied(String commit) {
        EngineClient.await("commit " + commit + " applied", Duration.ofSeconds(60), () -> commit.equals(appliedRevision()));
    }

    /** Waits for any reconcile a delivery may have started: after this, "nothing changed" means it. */
    void awaitIdle() throws InterruptedException {
        if (!reconciler.awaitIdle(60_000)) {
            throw new AssertionError("the engine did not become idle within 60 s");
        }
    }

    /** POSTs a delivery as JSON with headers {@code name, value, ...}. */
    HttpResponse<String> deliver(String provider, byte[] body, String... headers) {
        return send(provider, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    HttpResponse<String> send(String provider, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/" + provider))
                .POST(body);
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("POST /api/v1/webhooks/" + provider + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A GitHub push delivery for the fleet's main branch, signed with {@code secret}. */
    HttpResponse<String> deliverGitHubPush(String delivery, String ref, String commit, String secret) {
        byte[] body = Payloads.gitHubPush(fleetUrl(), ref, commit);
        return deliver("github", body, "X-GitHub-Event", "push", "X-GitHub-Delivery", delivery,
                "X-Hub-Signature-256", Payloads.gitHubSignature(secret, body));
    }
}
