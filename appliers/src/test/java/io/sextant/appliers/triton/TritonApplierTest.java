package io.sextant.appliers.triton;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.FieldChange;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Load, reload, unload and idempotency of the triton backend against Triton's repository extension. */
class TritonApplierTest {

    static final TritonFake TRITON = new TritonFake();
    static final String LOAD = "/v2/repository/models/resnet/load";
    static final String UNLOAD = "/v2/repository/models/resnet/unload";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(TRITON)).build();

    @TempDir
    Path dataDir;
    Applier triton;

    @BeforeEach
    void setUp() {
        TRITON.reset("resnet", "bert");
        wm.stubFor(any(urlPathMatching("/v2/.*")).willReturn(aResponse().withTransformers(TritonFake.NAME)));
        triton = new TritonApplierFactory().create(TestSpecs.backend("triton-a", "triton", wm.baseUrl(), dataDir));
    }

    static DesiredResource resnet(int replicas) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: resnet, namespace: vision}
                spec:
                  backend: triton-a
                  model: {uri: "s3://models/resnet"}
                  runtime: {engine: triton, args: {max-batch-size: 8, backend: onnxruntime}}
                  resources: {gpu: {type: L4-24GB, count: 1}}
                  replicas: %d
                """.formatted(replicas));
    }

    @Test
    void loadsTheModelWithAConfigOverrideBuiltFromTheSpec() throws BackendException {
        ObservedResource observed = triton.apply(resnet(2));

        wm.verify(1, postRequestedFor(urlEqualTo(LOAD)));
        JsonNode body = JsonMapper.shared().readTree(wm.findAll(postRequestedFor(urlEqualTo(LOAD))).get(0).getBodyAsString());
        assertThat(JsonMapper.shared().readTree(body.at("/parameters/config").asString())).isEqualTo(JsonMapper.shared().readTree("""
                {"name": "resnet", "backend": "onnxruntime", "max_batch_size": 8,
                 "instance_group": [{"count": 2, "kind": "KIND_GPU", "gpus": [0]}]}"""));
        assertThat(observed.health()).isEqualTo(Health.HEALTHY);
        assertThat(TestSpecs.diff("triton", resnet(2), observed)).isEmpty();
        assertThat(TestSpecs.diff("triton", resnet(2), triton.observe(resnet(2).key()).orElseThrow())).isEmpty();
    }

    @Test
    void reapplyingTheSameSpecLoadsNothingAndAChangedCountReloadsOnce() throws BackendException {
        triton.apply(resnet(2));
        triton.observe(resnet(2).key());
        triton.apply(resnet(2));
        wm.verify(1, postRequestedFor(urlEqualTo(LOAD)));

        ObservedResource scaled = triton.apply(resnet(3));

        wm.verify(2, postRequestedFor(urlEqualTo(LOAD)));
        wm.verify(0, postRequestedFor(urlEqualTo(UNLOAD)));
        assertThat(TRITON.liveConfig("resnet").at("/instance_group/0/count").asInt()).isEqualTo(3);
        assertThat(TestSpecs.diff("triton", resnet(3), scaled)).isEmpty();
    }

    @Test
    void deleteUnloadsOnceAndLeavesOtherModelsAlone() throws BackendException {
        triton.apply(resnet(2));

        triton.delete(resnet(2).key());
        triton.delete(resnet(2).key());

        wm.verify(1, postRequestedFor(urlEqualTo(UNLOAD)));
        wm.verify(0, postRequestedFor(urlEqualTo("/v2/repository/models/bert/unload")));
        assertThat(triton.observe(resnet(2).key())).isEmpty();
        assertThat(triton.observeAll()).isEmpty();
    }

    @Test
    void aLiveInstanceCountChangeIsDriftOfReplicasOnlyAndOneLoadHealsIt() throws BackendException {
        triton.apply(resnet(2));
        ((ObjectNode) TRITON.liveConfig("resnet").at("/instance_group/0")).put("count", 1);

        var diff = TestSpecs.diff("triton", resnet(2), triton.observe(resnet(2).key()).orElseThrow());

        assertThat(diff).extracting(FieldChange::path).containsExactly("/spec/replicas");
        triton.apply(resnet(2));
        wm.verify(2, postRequestedFor(urlEqualTo(LOAD)));
    }

    @Test
    void aModelUnloadedBehindSextantsBackIsAbsentAndReapplyLoadsIt() throws BackendException {
        triton.apply(resnet(2));
        TRITON.unloadOutOfBand("resnet");

        assertThat(triton.observe(resnet(2).key())).isEmpty();
        assertThat(triton.apply(resnet(2)).health()).isEqualTo(Health.HEALTHY);
        wm.verify(2, postRequestedFor(urlEqualTo(LOAD)));
    }

    @Test
    void aRestartedApplierKnowsWhatItLoadedAndLoadsNothingAgain() throws BackendException {
        triton.apply(resnet(2));
        Applier restarted = new TritonApplierFactory().create(TestSpecs.backend("triton-a", "triton", wm.baseUrl(), dataDir));

        assertThat(restarted.observeAll()).extracting(ObservedResource::key).containsExactly(resnet(2).key());
        restarted.apply(resnet(2));

        wm.verify(1, postRequestedFor(urlEqualTo(LOAD)));
    }

    @Test
    void aModelAlreadyRunningAsSpecifiedIsAdoptedWithoutAReload() throws BackendException {
        Applier other = new TritonApplierFactory().create(TestSpecs.backend("triton-a", "triton", wm.baseUrl(), null));
        other.apply(resnet(2));

        triton.apply(resnet(2));

        wm.verify(1, postRequestedFor(urlEqualTo(LOAD)));
        assertThat(triton.observe(resnet(2).key())).isPresent();
    }
}
