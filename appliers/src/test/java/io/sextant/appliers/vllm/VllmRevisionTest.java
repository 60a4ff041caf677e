package io.sextant.appliers.vllm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.FieldChange;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The revision a vLLM server actually serves: {@code GET /v1/models} lists the path the base model was loaded
 * from as {@code root}; a Hugging Face cache snapshot names its full commit id there.
 */
class VllmRevisionTest {

    static final VllmFake VLLM = new VllmFake();
    static final String FULL = "0e9e39f249a16976918f6564b8830bc894c89659";
    static final String SNAPSHOTS = "/root/.cache/huggingface/hub/models--meta-llama--Llama-3.1-8B-Instruct/snapshots/";

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

    static DesiredResource pinnedAt(String revision) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: llama, namespace: search}
                spec:
                  backend: vllm-shared
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct", revision: "%s", servedName: llama-3-8b}
                  runtime: {engine: vllm}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: 1
                """.formatted(revision));
    }

    @Test
    void aSnapshotServedUnderAShortPinReportsTheFullCommitAndNoDrift() throws BackendException {
        VLLM.servesFrom(SNAPSHOTS + FULL);

        ObservedResource applied = vllm.apply(pinnedAt("0e9e39f"));
        ObservedResource observed = vllm.observe(applied.key()).orElseThrow();

        assertThat(applied.manifest().at(ObservedResource.MODEL_REVISION).asString()).isEqualTo(FULL);
        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).asString()).isEqualTo(FULL);
        assertThat(TestSpecs.diff("vllm", pinnedAt("0e9e39f"), observed)).isEmpty();
    }

    @Test
    void aSnapshotOfAnotherCommitIsDriftOfTheRevision() throws BackendException {
        String other = "1a2b3c4d".repeat(5);
        VLLM.servesFrom(SNAPSHOTS + other + "/");

        ObservedResource observed = vllm.apply(pinnedAt("0e9e39f"));

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).asString()).isEqualTo(other);
        assertThat(TestSpecs.diff("vllm", pinnedAt("0e9e39f"), observed)).extracting(FieldChange::path)
                .containsExactly("/spec/model/revision");
    }

    @Test
    void aModelServedByItsHubIdReportsNoRevisionOfItsOwn() throws BackendException {
        ObservedResource observed = vllm.apply(pinnedAt("0e9e39f"));

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).isMissingNode()).isTrue();
        assertThat(TestSpecs.diff("vllm", pinnedAt("0e9e39f"), observed)).isEmpty();
    }

    @Test
    void aPathThatOnlyLooksLikeASnapshotIsNotTakenForOne() throws BackendException {
        VLLM.servesFrom("/models/snapshots/" + FULL.substring(0, 39) + "/x");

        ObservedResource observed = vllm.apply(pinnedAt("0e9e39f"));

        assertThat(observed.manifest().at(ObservedResource.MODEL_REVISION).isMissingNode()).isTrue();
    }
}
