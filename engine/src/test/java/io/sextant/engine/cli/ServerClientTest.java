package io.sextant.engine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the operator's commands treat a server that is not a healthy Sextant engine: a redirect elsewhere
 * (the token must not follow it), a page that is not the API, an engine error, an engine too slow to answer.
 */
class ServerClientTest {

    WireMockServer server;
    WireMockServer elsewhere;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        elsewhere.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        elsewhere.stop();
    }

    CliRun getSources(String... extra) {
        String[] args = new String[2 + extra.length];
        args[0] = "get";
        args[1] = "sources";
        System.arraycopy(extra, 0, args, 2, extra.length);
        return CliRun.withEnv(Map.of("SEXTANT_SERVER", server.baseUrl(), "SEXTANT_TOKEN", "s3cret-token"), args);
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenStaysWithTheEngine() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(302)
                .withHeader("Location", elsewhere.baseUrl() + "/api/v1/sources")));

        CliRun run = getSources();

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).isEqualTo("error: " + server.baseUrl() + "/api/v1/sources redirects to "
                + elsewhere.baseUrl() + "/api/v1/sources (HTTP 302); use that as --server\n");
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aPageThatIsNotTheApiAsksWhetherTheServerIsRight() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Welcome to nginx!</body></html>")));

        CliRun run = getSources();

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).endsWith("answered HTTP 200 with something that is not Sextant's API; is --server the"
                + " engine's address?\n");
    }

    @Test
    void anEngineErrorIsItsDetailWithExitOne() {
        server.stubFor(get(urlPathEqualTo("/api/v1/sources")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"the database is unreachable\"}")));

        CliRun run = getSources();

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).isEqualTo("error: the database is unreachable (HTTP 503)\n");
    }

    @Test
    void anEngineTooSlowToAnswerIsATimeoutNamingTheOption() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"items\":[]}")
                .withFixedDelay(3_000)));

        CliRun run = getSources("--request-timeout", "1s");

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).startsWith("error: cannot reach the engine at http://localhost:" + server.port()
                + ": no answer in time").contains("--request-timeout").doesNotContain("s3cret-token");
    }
}
