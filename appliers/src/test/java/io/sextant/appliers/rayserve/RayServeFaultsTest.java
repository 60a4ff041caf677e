package io.sextant.appliers.rayserve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.http.TestSpecs;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the ray-serve backend reports a Ray that is down, slow, failing, or deploys and then fails. */
class RayServeFaultsTest {

    static final String PATH = RayServeApplierTest.PATH;
    static final RayServeFake RAY = new RayServeFake();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(RAY)).build();

    Applier ray;

    @BeforeEach
    void setUp() {
        RAY.reset();
        wm.stubFor(get(PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        wm.stubFor(put(PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        ray = new RayServeApplierFactory().create(TestSpecs.backend("ray-prod", "ray-serve", wm.baseUrl(), null));
    }

    static AbstractThrowableAssert<?, ?> assertFailure(Throwable thrown, boolean transientFailure) {
        assertThat(thrown).isInstanceOf(BackendException.class);
        assertThat(((BackendException) thrown).isTransient()).isEqualTo(transientFailure);
        return assertThat(thrown);
    }

    @Test
    void aConnectionResetIsTransientAndNamesTheCall() {
        wm.stubFor(get(PATH).atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ray.observe(RayServeApplierTest.chat(2).key()));

        assertFailure(thrown, true).hasMessageStartingWith("GET /api/serve/applications/ on ray-prod: connection to");
    }

    @Test
    void aReplySlowerThanTheTimeoutIsTransient() {
        wm.stubFor(get(PATH).atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        Applier impatient = new RayServeApplierFactory().create(TestSpecs.backend("ray-prod", "ray-serve", wm.baseUrl(), null,
                "timeout", "1s"));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> impatient.apply(RayServeApplierTest.chat(2)));

        assertFailure(thrown, true).hasMessage("GET /api/serve/applications/ on ray-prod: no response within 1s");
    }

    @Test
    void aServerErrorIsTransientWithRaysOwnText() {
        wm.stubFor(get(PATH).atPriority(1).willReturn(aResponse().withStatus(500)
                .withBody("500 Internal Server Error\n\nServer got itself in trouble")));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ray.observeAll());

        assertFailure(thrown, true).hasMessage(
                "GET /api/serve/applications/ on ray-prod: 500 500 Internal Server Error Server got itself in trouble");
    }

    @Test
    void aGcsOutageOnPutIsTransientWithRaysOwnText() {
        wm.stubFor(put(PATH).atPriority(1).willReturn(aResponse().withStatus(503).withBody(
                "Failed to get a response from the controller. The GCS may be down, please retry later: timed out")));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ray.apply(RayServeApplierTest.chat(2)));

        assertFailure(thrown, true).hasMessageStartingWith("PUT /api/serve/applications/ on ray-prod: 503 Failed to get a "
                + "response from the controller. The GCS may be down");
    }

    @Test
    void aConfigRayRejectsIsPermanentWithThePydanticError() {
        wm.stubFor(put(PATH).atPriority(1).willReturn(aResponse().withStatus(400).withBody(
                "1 validation error for ServeDeploySchema\napplications.0.route_prefix\n  Value error, "
                        + "route_prefix must start with '/'")));

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> ray.apply(RayServeApplierTest.chat(2)));

        assertFailure(thrown, false).hasMessageContaining("400 1 validation error for ServeDeploySchema")
                .hasMessageContaining("route_prefix must start with '/'");
    }

    @Test
    void aDeployRayAcceptsAndThenFailsIsDegradedWithRaysMessage() throws BackendException {
        RAY.deploysEndIn("DEPLOY_FAILED", "Deploying app 'search_chat' failed with exception:\n"
                + "ModuleNotFoundError: No module named 'chat_app'");

        ObservedResource applied = ray.apply(RayServeApplierTest.chat(2));
        ObservedResource observed = ray.observe(RayServeApplierTest.chat(2).key()).orElseThrow();

        for (ObservedResource state : new ObservedResource[] {applied, observed}) {
            assertThat(state.health()).isEqualTo(Health.DEGRADED);
            assertThat(state.message()).startsWith("Ray Serve DEPLOY_FAILED: Deploying app 'search_chat' failed")
                    .contains("No module named 'chat_app'");
        }
        assertThat(TestSpecs.diff("ray-serve", RayServeApplierTest.chat(2), observed)).isEmpty();
    }

    @Test
    void aDeployInProgressIsProgressingAndAnUnhealthyAppIsDegraded() throws BackendException {
        RAY.deploysEndIn("DEPLOYING", "");
        assertThat(ray.apply(RayServeApplierTest.chat(2)).health()).isEqualTo(Health.PROGRESSING);

        RAY.setStatus("search_chat", "UNHEALTHY", "The deployment 'ChatModel' has 1 replica failing health checks.");

        ObservedResource observed = ray.observe(RayServeApplierTest.chat(2).key()).orElseThrow();
        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).isEqualTo(
                "Ray Serve UNHEALTHY: The deployment 'ChatModel' has 1 replica failing health checks.");
    }
}
