package io.sextant.engine.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code suspend} and {@code resume} against a WireMock stub of the engine endpoints being built in parallel
 * (issue 14), exactly as agreed: {@code POST /api/v1/resources/{kind}/{namespace}/{name}/suspend|resume} and
 * {@code POST /api/v1/sources/{name}/suspend|resume}, optional {@code ?reason=}, admin or operator bearer token,
 * errors as problem+json. To be switched to a real engine once those endpoints are merged.
 */
class SuspendCommandTest {

    static WireMockServer engine;

    @BeforeAll
    static void start() {
        engine = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        engine.start();
        engine.stubFor(post(urlPathEqualTo("/api/v1/resources/ModelDeployment/search/llama/suspend"))
                .withHeader("Authorization", equalTo("Bearer admin"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"kind\":\"ModelDeployment\",\"namespace\":\"search\",\"name\":\"llama\",\"suspended\":true}")));
        engine.stubFor(post(urlPathEqualTo("/api/v1/sources/fleet/resume"))
                .withHeader("Authorization", equalTo("Bearer admin"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
        engine.stubFor(post(urlPathEqualTo("/api/v1/sources/fleet/suspend"))
                .withHeader("Authorization", equalTo("Bearer reader"))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"suspending needs the admin or an operator token\"}")));
        engine.stubFor(post(urlPathEqualTo("/api/v1/resources/ModelDeployment/search/nope/suspend"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"no resource ModelDeployment/search/nope\"}")));
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    CliRun run(String token, String... args) {
        return CliRun.withEnv(Map.of("SEXTANT_SERVER", engine.baseUrl(), "SEXTANT_TOKEN", token), args);
    }

    @Test
    void suspendsAResourceWithTheReasonInTheQuery() {
        CliRun run = run("admin", "suspend", "ModelDeployment/search/llama", "--reason", "GPU maintenance & rack swap");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("ModelDeployment/search/llama suspended\n");
        engine.verify(postRequestedFor(urlPathEqualTo("/api/v1/resources/ModelDeployment/search/llama/suspend"))
                .withQueryParam("reason", equalTo("GPU maintenance & rack swap")));
    }

    @Test
    void resumesASourceWithoutAReason() {
        CliRun run = run("admin", "resume", "source/fleet");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("source/fleet resumed\n");
        assertThat(engine.findAll(postRequestedFor(urlPathEqualTo("/api/v1/sources/fleet/resume"))))
                .singleElement().satisfies(request -> assertThat(request.getUrl()).isEqualTo("/api/v1/sources/fleet/resume"));
    }

    @Test
    void aRefusalIsTheEnginesDetailWithItsStatusAndExitCode() {
        CliRun forbidden = run("reader", "suspend", "source/fleet");
        CliRun missing = run("admin", "suspend", "ModelDeployment/search/nope");

        assertThat(forbidden.code()).isEqualTo(ExitCode.FORBIDDEN);
        assertThat(forbidden.err()).isEqualTo("error: suspending needs the admin or an operator token (HTTP 403)\n");
        assertThat(missing.code()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.err()).isEqualTo("error: no resource ModelDeployment/search/nope (HTTP 404)\n");
    }

    @Test
    void aNameThatIsNeitherAResourceNorASourceIsAUsageError() {
        CliRun run = run("admin", "suspend", "llama");

        assertThat(run.code()).isEqualTo(ExitCode.ERROR);
        assertThat(run.err()).startsWith("sextant suspend: 'llama' is not KIND/NAMESPACE/NAME");
        assertThat(engine.findAll(postRequestedFor(urlPathEqualTo("/api/v1/sources/llama/suspend")))).isEmpty();
    }
}
