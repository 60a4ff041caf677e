package io.sextant.appliers.triton;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.TestSpecs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the triton backend reports a Triton that is down, slow, failing, or loads and is then not ready. */
class TritonFaultsTest {

    static final TritonFake TRITON = new TritonFake();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(TRITON)).build();

    Applier triton;

    @BeforeEach
    void setUp() {
        TRITON.reset("resnet");
        wm.stubFor(any(urlPathMatching("/v2/.*")).willReturn(aResponse().withTransformers(TritonFake.NAME)));
        triton = new TritonApplierFactory().create(TestSpecs.backend("triton-a", "triton", wm.baseUrl(), null));
    }

    @Test
    void aConnectionResetIsTransient() {
        wm.stubFor(post("/v2/repository/index").atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        BackendException e = catchThrowableOfType(BackendException.class, () -> triton.apply(TritonApplierTest.resnet(1)));

        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageStartingWith("POST /v2/repository/index on triton-a: connection to");
    }

    @Test
    void aLoadSlowerThanTheLoadTimeoutIsTransient() {
        wm.stubFor(post(TritonApplierTest.LOAD).atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        Applier impatient = new TritonApplierFactory().create(TestSpecs.backend("triton-a", "triton", wm.baseUrl(), null,
                "load-timeout", "1s"));

        BackendException e = catchThrowableOfType(BackendException.class, () -> impatient.apply(TritonApplierTest.resnet(1)));

        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessage("POST /v2/repository/models/resnet/load on triton-a: no response within 1s");
    }

    @Test
    void serverErrorsAreTransientWithTritonsText() {
        wm.stubFor(post("/v2/repository/index").atPriority(1).willReturn(aResponse().withStatus(500)
                .withBody("{\"error\":\"failed to stat file /models\"}")));
        BackendException e500 = catchThrowableOfType(BackendException.class, () -> triton.observeAll());
        wm.stubFor(post("/v2/repository/index").atPriority(1).willReturn(aResponse().withStatus(503)
                .withBody("{\"error\":\"Server not ready\"}")));
        BackendException e503 = catchThrowableOfType(BackendException.class, () -> triton.apply(TritonApplierTest.resnet(1)));

        assertThat(e500.isTransient()).isTrue();
        assertThat(e500).hasMessage("POST /v2/repository/index on triton-a: 500 failed to stat file /models");
        assertThat(e503.isTransient()).isTrue();
        assertThat(e503).hasMessage("POST /v2/repository/index on triton-a: 503 Server not ready");
    }

    @Test
    void aLoadTritonRefusesIsPermanentWithItsError() {
        TRITON.reset();

        BackendException e = catchThrowableOfType(BackendException.class, () -> triton.apply(TritonApplierTest.resnet(1)));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessage("POST /v2/repository/models/resnet/load on triton-a: 400 failed to load 'resnet', "
                + "failed to poll from model repository");
    }

    @Test
    void aModelThatLoadsButIsNotReadyIsDegradedWithTritonsError() throws BackendException {
        TRITON.loadedModelsAreNotReady("Model 'resnet' has no available versions");

        ObservedResource applied = triton.apply(TritonApplierTest.resnet(1));

        assertThat(applied.health()).isEqualTo(Health.DEGRADED);
        assertThat(applied.message()).isEqualTo("Triton reports model 'resnet' not ready: Model 'resnet' has no available versions");
        assertThat(TestSpecs.diff("triton", TritonApplierTest.resnet(1), applied)).isEmpty();
    }

    @Test
    void refusesOtherEnginesAutoscalingAdaptersAndRoutes() {
        var vllm = TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: vision}
                spec:
                  backend: triton-a
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct"}
                  runtime: {engine: vllm}
                  autoscaling: {minReplicas: 1, maxReplicas: 2}
                """).resource();
        var adapter = TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: vision}
                spec: {deployment: llama, uri: "hf://acme/sql-lora"}
                """).resource();

        assertThat(triton.check(vllm)).containsExactly(
                new Unsupported("spec.runtime.engine", "backend 'triton-a' (triton) serves only engine 'triton'"),
                new Unsupported("spec.autoscaling", "backend 'triton-a' (triton) has no autoscaler: a model runs a fixed "
                        + "number of instances; set replicas"));
        assertThat(triton.check(adapter)).extracting(Unsupported::field).containsExactly("kind");
        assertThat(triton.check(TritonApplierTest.resnet(1).resource())).isEmpty();
        wm.verify(0, com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(urlEqualTo(TritonApplierTest.LOAD)));
    }
}
