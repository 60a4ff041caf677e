package io.sextant.appliers.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.http.TestSpecs;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** Verifying served models and loading LoRA adapters idempotently on an existing vLLM server. */
class VllmApplierTest {

    static final VllmFake VLLM = new VllmFake();
    static final String LOAD = "/v1/load_lora_adapter";
    static final String UNLOAD = "/v1/unload_lora_adapter";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(VLLM)).build();

    @TempDir
    Path dataDir;
    Applier vllm;

    @BeforeEach
    void setUp() {
        VLLM.reset();
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(VllmFake.NAME)));
        vllm = new VllmApplierFactory().create(TestSpecs.backend("vllm-shared", "vllm", wm.baseUrl(), dataDir));
    }

    static DesiredResource model(String servedName) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: vllm-shared
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct", servedName: %s}
                  runtime: {engine: vllm, args: {max-model-len: 8192}}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                """.formatted(servedName));
    }

    static DesiredResource adapter(String uri) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: LoraAdapter
                metadata: {name: sql, namespace: search}
                spec: {deployment: llama, uri: "%s"}
                """.formatted(uri));
    }

    @Test
    void aServedModelIsVerifiedHealthyWithoutAnyWrite() throws BackendException {
        ObservedResource applied = vllm.apply(model("llama-3-8b"));

        assertThat(applied.health()).isEqualTo(Health.HEALTHY);
        assertThat(TestSpecs.diff("vllm", model("llama-3-8b"), applied)).isEmpty();
        assertThat(TestSpecs.diff("vllm", model("llama-3-8b"), vllm.observe(model("llama-3-8b").key()).orElseThrow())).isEmpty();
        assertThat(vllm.observeAll()).extracting(ObservedResource::key).containsExactly(model("llama-3-8b").key());
        vllm.delete(model("llama-3-8b").key());
        wm.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void aModelTheServerDoesNotServeIsDegradedAndAbsent() throws BackendException {
        ObservedResource applied = vllm.apply(model("mistral-7b"));

        assertThat(applied.health()).isEqualTo(Health.DEGRADED);
        assertThat(applied.message()).startsWith("vLLM server at " + wm.baseUrl() + " does not serve 'mistral-7b'")
                .contains("[llama-3-8b]");
        assertThat(vllm.observe(model("mistral-7b").key())).isEmpty();
        wm.verify(0, postRequestedFor(anyUrl()));
    }

    @Test
    void aFailingHealthCheckMakesTheModelDegraded() throws BackendException {
        vllm.apply(model("llama-3-8b"));
        VLLM.healthy(false);

        ObservedResource observed = vllm.observe(model("llama-3-8b").key()).orElseThrow();

        assertThat(observed.health()).isEqualTo(Health.DEGRADED);
        assertThat(observed.message()).contains("fails its health check: 503");
    }

    @Test
    void loadsAnAdapterOnceAndASecondApplyWritesNothing() throws BackendException {
        ObservedResource applied = vllm.apply(adapter("hf://acme/sql-lora"));
        vllm.observe(adapter("hf://acme/sql-lora").key());
        vllm.apply(adapter("hf://acme/sql-lora"));

        wm.verify(1, postRequestedFor(urlEqualTo(LOAD)));
        assertThat(JsonMapper.shared().readTree(wm.findAll(postRequestedFor(urlEqualTo(LOAD))).get(0).getBodyAsString()))
                .isEqualTo(JsonMapper.shared().readTree("{\"lora_name\": \"sql\", \"lora_path\": \"acme/sql-lora\"}"));
        assertThat(applied.health()).isEqualTo(Health.HEALTHY);
        assertThat(TestSpecs.diff("vllm", adapter("hf://acme/sql-lora"), applied)).isEmpty();
    }

    @Test
    void aNewAdapterPathUnloadsTheOldOneThenLoadsTheNew() throws BackendException {
        vllm.apply(adapter("hf://acme/sql-lora"));

        ObservedResource moved = vllm.apply(adapter("file:///adapters/sql-v2"));

        wm.verify(1, postRequestedFor(urlEqualTo(UNLOAD)));
        wm.verify(2, postRequestedFor(urlEqualTo(LOAD)));
        assertThat(TestSpecs.diff("vllm", adapter("file:///adapters/sql-v2"), moved)).isEmpty();
    }

    @Test
    void loadingAnAdapterTheServerAlreadyHasIsNotAnError() throws BackendException {
        VLLM.loadBehindTheNextList("sql", "acme/sql-lora");

        ObservedResource applied = vllm.apply(adapter("hf://acme/sql-lora"));

        assertThat(applied.health()).isEqualTo(Health.HEALTHY);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo(LOAD)))).hasSize(1);
    }

    @Test
    void afterAServerRestartTheAdapterIsAbsentAndReapplyLoadsIt() throws BackendException {
        vllm.apply(adapter("hf://acme/sql-lora"));
        VLLM.restart();

        assertThat(vllm.observe(adapter("hf://acme/sql-lora").key())).isEmpty();
        assertThat(vllm.observeAll()).isEmpty();
        assertThat(vllm.apply(adapter("hf://acme/sql-lora")).health()).isEqualTo(Health.HEALTHY);
        wm.verify(2, postRequestedFor(urlEqualTo(LOAD)));
    }

    @Test
    void deleteUnloadsOnceAndSkipsAnAdapterTheServerNoLongerHas() throws BackendException {
        vllm.apply(adapter("hf://acme/sql-lora"));
        vllm.delete(adapter("hf://acme/sql-lora").key());
        vllm.delete(adapter("hf://acme/sql-lora").key());
        wm.verify(1, postRequestedFor(urlEqualTo(UNLOAD)));

        vllm.apply(adapter("hf://acme/sql-lora"));
        VLLM.restart();
        vllm.delete(adapter("hf://acme/sql-lora").key());

        wm.verify(1, postRequestedFor(urlEqualTo(UNLOAD)));
        assertThat(vllm.observe(adapter("hf://acme/sql-lora").key())).isEmpty();
    }
}
