package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.sextant.git.testing.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.sextant.engine.EngineClient;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.cli.SextantCli;
import io.sextant.engine.reconcile.Reconciler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running engine on the sample fleet served over smart HTTP, with the GitHub API played by WireMock
 * for pull request previews and the {@code sim} backend: what {@link BrokenFilePlanTest} breaks files of.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrokenFileEngine {

    static final String CHAT = "teams/search/llama-3-8b-chat.yaml";
    static final String RERANKER = "teams/ranking/bge-reranker.yaml";
    static final String BROKEN_CHAT = CHAT + ":19: invalid YAML: expected ',' or ']', but got <stream end>"
            + " (while parsing a flow sequence)";
    static final FleetRepo FLEET = new FleetRepo("sextant-broken-file");
    static final String IMPORT = FLEET.head();
    static final String KEPT = BROKEN_CHAT + " (live state keeps commit " + IMPORT.substring(0, 7) + ")";
    static final WireMockServer GITHUB = new WireMockServer(WireMockConfiguration.options().dynamicPort());

    static {
        GITHUB.start();
        GITHUB.stubFor(get(urlPathMatching("/repos/acme/fleet/commits/[0-9a-f]{40}/pulls")).willReturn(okJson("[]")));
        GITHUB.stubFor(post(urlPathMatching("/repos/acme/fleet/statuses/[0-9a-f]{40}")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\": 1}")));
    }

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        registry.add("sextant.data-dir", () -> FLEET.root.resolve("data").toString());
        registry.add("sextant.api.admin-token", () -> "broken-file-admin");
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
        registry.add("sextant.backends[0].name", () -> "sim-local");
        registry.add("sextant.backends[0].type", () -> "sim");
        registry.add("sextant.backends[0].gpus[H100-80GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[A100-40GB]", () -> "8");
        registry.add("sextant.backends[0].gpus[L4-24GB]", () -> "8");
    }

    @AfterAll
    static void stop() {
        GITHUB.stop();
        FLEET.close();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Reconciler reconciler;

    @Autowired
    PreviewService previews;

    @Autowired
    BackendRegistry backends;

    EngineClient client() {
        return new EngineClient(port, "broken-file-admin");
    }

    /** stdout of {@code sextant.jar plan} against this engine; asserts its exit code. */
    String planCommand(String revision, int exitCode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = SextantCli.run(new String[] {"plan", "--server", "http://127.0.0.1:" + port, "--revision", revision},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertThat(code).isEqualTo(exitCode);
        return out.toString(StandardCharsets.UTF_8);
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
