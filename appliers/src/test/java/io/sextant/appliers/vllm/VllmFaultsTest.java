package io.sextant.appliers.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Unsupported;
import io.sextant.appliers.http.TestSpecs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the vllm backend reports a server that is down, slow, failing or refuses, and what it cannot serve. */
class VllmFaultsTest {

    static final VllmFake VLLM = new VllmFake();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(VLLM)).build();

    Applier vllm;

    @BeforeEach
    void setUp() {
        VLLM.reset();
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(VllmFake.NAME)));
        vllm = new VllmApplierFactory().create(TestSpecs.backend("vllm-shared", "vllm", wm.baseUrl(), null));
    }

    @Test
    void aConnectionResetAndATimeoutAreTransient() {
        wm.stubFor(get("/v1/models").atPriority(1).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        BackendException reset = catchThrowableOfType(BackendException.class,
                () -> vllm.apply(VllmApplierTest.model("llama-3-8b")));
        wm.stubFor(get("/v1/models").atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        Applier impatient = new VllmApplierFactory().create(TestSpecs.backend("vllm-shared", "vllm", wm.baseUrl(), null,
                "timeout", "1s"));
        BackendException slow = catchThrowableOfType(BackendException.class,
                () -> impatient.apply(VllmApplierTest.adapter("hf://acme/sql-lora")));

        assertThat(reset.isTransient()).isTrue();
        assertThat(reset).hasMessageStartingWith("GET /v1/models on vllm-shared: connection to");
        assertThat(slow.isTransient()).isTrue();
        assertThat(slow).hasMessage("GET /v1/models on vllm-shared: no response within 1s");
    }

    @Test
    void serverErrorsOnLoadAreTransientWithVllmsText() {
        wm.stubFor(post(VllmApplierTest.LOAD).atPriority(1).willReturn(aResponse().withStatus(500).withBody(
                "{\"object\":\"error\",\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}")));
        BackendException e500 = catchThrowableOfType(BackendException.class,
                () -> vllm.apply(VllmApplierTest.adapter("hf://acme/sql-lora")));
        wm.stubFor(post(VllmApplierTest.LOAD).atPriority(1).willReturn(aResponse().withStatus(503).withBody("")));
        BackendException e503 = catchThrowableOfType(BackendException.class,
                () -> vllm.apply(VllmApplierTest.adapter("hf://acme/sql-lora")));

        assertThat(e500.isTransient()).isTrue();
        assertThat(e500).hasMessage("POST /v1/load_lora_adapter on vllm-shared: 500 CUDA out of memory");
        assertThat(e503.isTransient()).isTrue();
        assertThat(e503).hasMessage("POST /v1/load_lora_adapter on vllm-shared: 503 (no response body)");
    }

    @Test
    void anAdapterVllmCannotFindIsPermanentWithItsText() {
        wm.stubFor(post(VllmApplierTest.LOAD).atPriority(1).willReturn(aResponse().withStatus(404).withBody(
                "{\"error\":{\"message\":\"No adapter found for acme/missing\",\"type\":\"NotFoundError\",\"code\":404}}")));

        BackendException e = catchThrowableOfType(BackendException.class,
                () -> vllm.apply(VllmApplierTest.adapter("hf://acme/missing")));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessage("POST /v1/load_lora_adapter on vllm-shared: 404 No adapter found for acme/missing");
    }

    @Test
    void aServerWithoutRuntimeLoraUpdatingIsPermanentAndSaysHowToEnableIt() {
        VLLM.runtimeLoraUpdating(false);

        BackendException e = catchThrowableOfType(BackendException.class,
                () -> vllm.apply(VllmApplierTest.adapter("hf://acme/sql-lora")));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessageStartingWith("POST /v1/load_lora_adapter on vllm-shared: 404 Not Found")
                .hasMessageContaining("VLLM_ALLOW_RUNTIME_LORA_UPDATING=True");
    }

    @Test
    void refusesRoutesOtherEnginesAndAdaptersOutsideTheServersReach() {
        var route = TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: InferenceRoute
                metadata: {name: chat, namespace: search}
                spec: {modelName: chat, targets: [{deployment: llama, weight: 100}]}
                """).resource();
        var triton = TestSpecs.desired(VllmApplierTest.model("llama-3-8b").manifest().toString()
                .replace("\"engine\":\"vllm\"", "\"engine\":\"triton\"")).resource();

        assertThat(vllm.check(route)).extracting(Unsupported::field).containsExactly("kind");
        assertThat(vllm.check(triton)).containsExactly(new Unsupported("spec.runtime.engine",
                "backend 'vllm-shared' (vllm) is an existing vLLM server: it serves only engine 'vllm'"));
        assertThat(vllm.check(VllmApplierTest.adapter("s3://bucket/sql-lora").resource()))
                .extracting(Unsupported::field).containsExactly("spec.uri");
        assertThat(vllm.check(VllmApplierTest.adapter("hf://acme/sql-lora").resource())).isEmpty();
        assertThat(vllm.check(VllmApplierTest.model("llama-3-8b").resource())).isEmpty();
    }

    @Test
    void refusesSecretReferencesItCannotHandToTheRunningServerAtTheirField() {
        var deployment = TestSpecs.desired(VllmApplierTest.model("llama-3-8b").manifest().toString()
                .replace("\"engine\":\"vllm\"", "\"engine\":\"vllm\",\"env\":{\"HF_TOKEN\":{\"secretRef\":{\"name\":\"hf\",\"key\":\"t\"}}}"))
                .resource();
        var adapter = TestSpecs.desired(VllmApplierTest.adapter("hf://acme/sql-lora").manifest().toString()
                .replace("\"uri\":", "\"credentials\":{\"secretRef\":{\"name\":\"hf\",\"key\":\"t\"}},\"uri\":"))
                .resource();

        assertThat(vllm.check(deployment)).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("spec.runtime.env.HF_TOKEN");
            assertThat(problem.message()).contains("reads credentials from its own environment");
        });
        assertThat(vllm.check(adapter)).extracting(Unsupported::field).containsExactly("spec.credentials");
    }
}
