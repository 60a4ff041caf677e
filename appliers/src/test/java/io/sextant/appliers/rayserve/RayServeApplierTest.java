package io.sextant.appliers.rayserve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.appliers.api.Applier;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.Health;
import io.sextant.plugin.ObservedResource;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.FieldChange;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Create, update, delete and idempotency of the ray-serve backend against Ray's Serve REST API. */
class RayServeApplierTest {

    static final String PATH = "/api/serve/applications/";
    static final RayServeFake RAY = new RayServeFake();
    static final String BILLING = """
            {"name": "billing", "route_prefix": "/billing", "import_path": "billing.app:app",
             "runtime_env": {"pip": ["xgboost==2.1.0"]},
             "deployments": [{"name": "Scorer", "num_replicas": 3, "user_config": {"threshold": 0.7}}]}""";

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

    static DesiredResource chat(int replicas) {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: chat, namespace: search, labels: {tier: prod}}
                spec:
                  backend: ray-prod
                  model: {uri: "hf://meta-llama/Llama-3.1-8B-Instruct"}
                  runtime:
                    engine: ray-serve
                    args: {import-path: "chat_app:app", deployment: ChatModel, max-tokens: 512}
                    env: {LOG_LEVEL: info}
                  resources: {gpu: {type: H100-80GB, count: 1}}
                  replicas: %d
                """.formatted(replicas));
    }

    List<JsonNode> putBodies() {
        return wm.findAll(putRequestedFor(urlEqualTo(PATH))).stream()
                .map(request -> JsonMapper.shared().readTree(request.getBodyAsString())).toList();
    }

    @Test
    void createsOneApplicationWithReplicasGpusImportPathAndEnv() throws BackendException {
        ObservedResource observed = ray.apply(chat(2));

        List<JsonNode> puts = putBodies();
        assertThat(puts).hasSize(1);
        JsonNode app = puts.get(0).path("applications").path(0);
        assertThat(puts.get(0).path("applications")).hasSize(1);
        assertThat(app.path("name").asString()).isEqualTo("search_chat");
        assertThat(app.path("route_prefix").asString()).isEqualTo("/search/chat");
        assertThat(app.path("import_path").asString()).isEqualTo("chat_app:app");
        assertThat(app.at("/args/max-tokens").asInt()).isEqualTo(512);
        assertThat(app.at("/runtime_env/env_vars/LOG_LEVEL").asString()).isEqualTo("info");
        assertThat(app.at("/runtime_env/env_vars/SEXTANT_RESOURCE").asString()).isEqualTo("ModelDeployment/search/chat");
        JsonNode deployment = app.path("deployments").path(0);
        assertThat(deployment.path("name").asString()).isEqualTo("ChatModel");
        assertThat(deployment.path("num_replicas").asInt()).isEqualTo(2);
        assertThat(deployment.at("/ray_actor_options/num_gpus").asInt()).isEqualTo(1);
        assertThat(deployment.at("/ray_actor_options/accelerator_type").asString()).isEqualTo("H100");
        assertThat(observed.health()).isEqualTo(Health.HEALTHY);
        assertThat(TestSpecs.diff("ray-serve", chat(2), observed)).isEmpty();
        assertThat(TestSpecs.diff("ray-serve", chat(2), ray.observe(chat(2).key()).orElseThrow())).isEmpty();
        assertThat(ray.observeAll()).extracting(ObservedResource::key).containsExactly(chat(2).key());
    }

    @Test
    void reapplyingTheSameSpecMakesNoWriteAndAChangedFieldOnePut() throws BackendException {
        ray.apply(chat(2));
        ray.observe(chat(2).key());
        ray.apply(chat(2));
        wm.verify(1, putRequestedFor(urlEqualTo(PATH)));

        ObservedResource scaled = ray.apply(chat(3));

        wm.verify(2, putRequestedFor(urlEqualTo(PATH)));
        assertThat(putBodies().get(1).at("/applications/0/deployments/0/num_replicas").asInt()).isEqualTo(3);
        assertThat(TestSpecs.diff("ray-serve", chat(3), scaled)).isEmpty();
    }

    @Test
    void applicationsSextantDoesNotManageSurviveEveryPut() throws BackendException {
        RAY.addForeign("billing", BILLING);
        JsonNode billing = RAY.config("billing");

        ObservedResource created = ray.apply(chat(2));
        ray.apply(chat(4));
        ray.delete(chat(4).key());

        List<JsonNode> puts = putBodies();
        assertThat(puts).hasSize(3);
        for (JsonNode body : puts) {
            assertThat(body.path("applications")).anySatisfy(app -> assertThat(app).isEqualTo(billing));
        }
        assertThat(RAY.config("billing")).isEqualTo(billing);
        assertThat(created.message()).contains("billing");
        assertThat(ray.observeAll()).isEmpty();
    }

    @Test
    void deleteSendsTheRestAndDeletingAnAbsentApplicationSendsNothing() throws BackendException {
        ray.apply(chat(2));
        ray.delete(chat(2).key());
        assertThat(putBodies().get(1).path("applications")).isEmpty();
        assertThat(ray.observe(chat(2).key())).isEmpty();

        ray.delete(chat(2).key());

        wm.verify(2, putRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void refusesToPutWhenThatWouldDropAnApplicationDeployedWithServeRun() {
        RAY.addImperative("notebook");

        assertThatThrownBy(() -> ray.apply(chat(2)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("notebook").hasMessageContaining("serve.run");
        wm.verify(0, putRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void refusesToReplaceAnUnmanagedApplicationOfTheSameName() {
        RAY.addForeign("search_chat", BILLING.replace("\"billing\"", "\"search_chat\""));

        assertThatThrownBy(() -> ray.apply(chat(2))).hasMessageContaining("'search_chat' that Sextant does not manage");
        wm.verify(0, putRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void aLiveChangeShowsAsDriftOfThatFieldOnlyAndOnePutHealsIt() throws BackendException {
        ray.apply(chat(2));
        ((tools.jackson.databind.node.ObjectNode) RAY.editConfig("search_chat").at("/deployments/0")).put("num_replicas", 5);

        ObservedResource drifted = ray.observe(chat(2).key()).orElseThrow();
        List<FieldChange> diff = TestSpecs.diff("ray-serve", chat(2), drifted);

        assertThat(diff).hasSize(1);
        assertThat(diff.get(0).path()).isEqualTo("/spec/replicas");
        ObservedResource healed = ray.apply(chat(2));
        wm.verify(2, putRequestedFor(urlEqualTo(PATH)));
        assertThat(TestSpecs.diff("ray-serve", chat(2), healed)).isEmpty();
    }

    @Test
    void anApplicationRayDoesNotListIsAbsent() throws BackendException {
        RAY.addForeign("billing", BILLING);

        assertThat(ray.observe(chat(2).key())).isEmpty();
        assertThat(ray.observeAll()).isEmpty();
    }
}
