package io.sextant.appliers.rayserve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;

/**
 * The revision a Ray Serve LLM application serves, from its {@code deployed_app_config}: the vLLM
 * {@code engine_kwargs.revision}, else a Hugging Face snapshot path as {@code model_loading_config.model_source}.
 */
class RayServeRevisionTest {

    static final String PATH = RayServeApplierTest.PATH;
    static final RayServeFake RAY = new RayServeFake();
    static final String FULL = "0e9e39f249a16976918f6564b8830bc894c89659";

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

    static DesiredResource pinned() {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: ray-prod
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct", revision: "0e9e39f", servedName: llama-3-8b}
                  runtime: {engine: vllm, args: {max-model-len: 8192}}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                """);
    }

    @Test
    void theAppliedPinRoundTripsWithNothingAdded() throws BackendException {
        ObservedResource observed = ray.apply(pinned());

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).isMissingNode()).isTrue();
        assertThat(TestSpecs.diff("ray-serve", pinned(), observed)).isEmpty();
        assertThat(observed.message()).doesNotContain("does not map");
    }

    @Test
    void aFullCommitResolvingTheShortPinIsReportedWithoutDrift() throws BackendException {
        ray.apply(pinned());
        ((ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0/engine_kwargs")).put("revision", FULL);

        ObservedResource observed = ray.observe(pinned().key()).orElseThrow();

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).asString()).isEqualTo(FULL);
        assertThat(TestSpecs.diff("ray-serve", pinned(), observed)).isEmpty();
        assertThat(observed.message()).doesNotContain("does not map");
    }

    @Test
    void anotherRevisionLiveIsDriftOfTheModelRevisionOnly() throws BackendException {
        ray.apply(pinned());
        ((ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0/engine_kwargs")).put("revision", "main");

        List<FieldChange> diff = TestSpecs.diff("ray-serve", pinned(), ray.observe(pinned().key()).orElseThrow());

        assertThat(diff).extracting(FieldChange::path).containsExactly("/spec/model/revision");
        assertThat(diff.get(0).from().asString()).isEqualTo("main");
    }

    @Test
    void aSnapshotPathAsModelSourceNamesItsCommit() throws BackendException {
        ray.apply(pinned());
        ObjectNode llm = (ObjectNode) RAY.editConfig("search_llama").at("/args/llm_configs/0");
        ((ObjectNode) llm.path("engine_kwargs")).remove("revision");
        ((ObjectNode) llm.path("model_loading_config")).put("model_source",
                "/mnt/hf/hub/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/" + FULL);

        ObservedResource observed = ray.observe(pinned().key()).orElseThrow();

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).asString()).isEqualTo(FULL);
        assertThat(TestSpecs.diff("ray-serve", pinned(), observed)).extracting(FieldChange::path)
                .as("the model source itself changed").containsExactly("/spec/model/uri");
    }
}
