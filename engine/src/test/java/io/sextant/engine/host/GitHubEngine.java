package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.sextant.engine.host.GitHubJson.list;
import static io.sextant.engine.host.GitHubJson.pull;
import static io.sextant.engine.host.GitHubJson.review;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.sextant.engine.EngineClient;
import io.sextant.engine.reconcile.Reconciler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A running engine whose source lives on "GitHub": the sample fleet served over smart HTTP, the GitHub
 * API played by WireMock in its real shapes, an approval gate of one approval, the {@code sim} backend.
 * The tests extending it share one engine (same configuration, so Spring keeps one context).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class GitHubEngine {

    static final String ADMIN = "host-test-admin";
    static final String WEBHOOK_SECRET = "8d3f0c2b9a7e4f61b5d2c3a4e5f60718";
    static final String RERANKER = "teams/ranking/bge-reranker.yaml";
    static final FleetRepo FLEET = new FleetRepo("sextant-github");
    static final WireMockServer GITHUB = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    static final String IMPORT = FLEET.head();

    static {
        GITHUB.start();
        // Shared by every test class of this engine, which Spring keeps for all of them: stop at exit.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            GITHUB.stop();
            FLEET.close();
        }));
        GITHUB.stubFor(get(urlPathMatching("/repos/acme/fleet/commits/[0-9a-f]{40}/pulls")).atPriority(10)
                .willReturn(okJson("[]")));
        GITHUB.stubFor(post(urlPathMatching("/repos/acme/fleet/statuses/[0-9a-f]{40}")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 1}")));
        mergedPullRequest(IMPORT, 1, "ada", review(11, "grace", "APPROVED"));
    }

    /** GitHub knows {@code commit} as the merge of pull request {@code number} by {@code author}. */
    static void mergedPullRequest(String commit, int number, String author, String... reviews) {
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/fleet/commits/" + commit + "/pulls"))
                .willReturn(okJson(list(List.of(pull(number, true, commit, author))))));
        GITHUB.stubFor(get(urlPathEqualTo("/repos/acme/fleet/pulls/" + number + "/reviews"))
                .willReturn(okJson(list(List.of(reviews)))));
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> FLEET.root.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> ADMIN);
        registry.add("sextant.sources[0].name", () -> "fleet");
        registry.add("sextant.sources[0].url", FLEET::url);
        registry.add("sextant.sources[0].paths[0]", () -> "teams/");
        registry.add("sextant.sources[0].poll-interval", () -> "1h");
        registry.add("sextant.sources[0].auth.username", () -> FleetRepo.GIT_USER);
        registry.add("sextant.sources[0].auth.token-file", () -> FLEET.root.resolve("git-token").toString());
        registry.add("sextant.sources[0].host.type", () -> "github");
        registry.add("sextant.sources[0].host.api-url", GITHUB::baseUrl);
        registry.add("sextant.sources[0].host.repository", () -> "acme/fleet");
        registry.add("sextant.sources[0].host.token-file", () -> FLEET.root.resolve("host-token").toString());
        registry.add("sextant.sources[0].webhook.secret-file", () -> secretFile().toString());
        registry.add("sextant.sources[0].approval.provider", () -> "github");
        registry.add("sextant.sources[0].approval.min-approvals", () -> "1");
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[A100-40GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[L4-24GB]", () -> "8");
        // An allow-list every sample spec passes, so a pull request can break it (GitHubPreviewTest).
        registry.add("sextant.policy.defaults.runtime-args.denied[0]", () -> "trust-remote-code");
    }

    static Path secretFile() {
        Path file = FLEET.root.resolve("webhook-secret");
        try {
            Files.writeString(file, WEBHOOK_SECRET + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;


    EngineClient client() {
        return new EngineClient(port, ADMIN);
    }

    /**
     * A real GitHub {@code pull_request} or {@code pull_request_review} payload (git-source's fixtures),
     * about pull request {@code number} of this repository, into main.
     */
    static ObjectNode pullRequestEvent(String fixture, int number) throws IOException {
        ObjectNode event;
        try (InputStream in = GitHubEngine.class.getResourceAsStream("/webhooks/github/" + fixture)) {
            event = (ObjectNode) HostHttp.JSON.readTree(in);
        }
        event.put("number", number);
        ((ObjectNode) event.get("pull_request")).put("number", number);
        ((ObjectNode) event.get("pull_request").get("base")).put("ref", "main");
        ((ObjectNode) event.get("repository")).put("full_name", "acme/fleet").put("clone_url", FLEET.url());
        return event;
    }

    /** Delivers a webhook as GitHub does: signed with the source's secret (HMAC-SHA256 of the body). */
    HttpResponse<String> deliver(String event, String delivery, ObjectNode payload) throws Exception {
        byte[] body = HostHttp.JSON.writeValueAsBytes(payload);
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/webhooks/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(hmac.doFinal(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void syncAndWait() throws InterruptedException {
        client().sync();
        assertThat(reconciler.awaitIdle(60_000)).as("reconcile finished").isTrue();
    }

    JsonNode auditOf(String commit) {
        return client().getJson("/api/v1/audit?commit=" + commit).get("items");
    }

    @BeforeEach
    void awaitTheImportedFleet() {
        EngineClient.await("the imported fleet applied", Duration.ofSeconds(60), () -> auditOf(IMPORT).size() == 7);
    }

}
