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
import io.sextant.appliers.api.BackendConfig;
import io.sextant.appliers.api.Secrets;
import io.sextant.appliers.http.TestSpecs;
import io.sextant.drift.api.DriftDetector;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.DesiredResource;
import io.sextant.plugin.ObservedResource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The ray-serve backend hands secret values to Ray's runtime env, and to nothing Sextant shows or keeps. */
class RayServeSecretsTest {

    static final RayServeFake RAY = new RayServeFake();
    static final String VALUE = "s3-secret-value-not-for-logs";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(RAY)).build();

    final Map<String, String> store = new HashMap<>();
    Applier ray;

    @BeforeEach
    void setUp() {
        RAY.reset();
        wm.stubFor(get(RayServeApplierTest.PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        wm.stubFor(put(RayServeApplierTest.PATH).willReturn(aResponse().withTransformers(RayServeFake.NAME)));
        BackendConfig plain = TestSpecs.backend("ray-prod", "ray-serve", wm.baseUrl(), null);
        Secrets secrets = ref -> {
            String value = store.get(ref.name() + "/" + ref.key());
            if (value == null) {
                throw Secrets.missing(ref, "not in the test store");
            }
            return value;
        };
        ray = new RayServeApplierFactory().create(new BackendConfig(plain.name(), plain.type(), plain.settings(), null, secrets));
    }

    static DesiredResource chat() {
        return TestSpecs.desired("""
                apiVersion: sextant.io/v1
                kind: ModelDeployment
                metadata: {name: chat, namespace: search}
                spec:
                  backend: ray-prod
                  model: {uri: "s3://models/chat"}
                  runtime:
                    engine: ray-serve
                    args: {import-path: "chat_app:app", deployment: ChatModel}
                    env:
                      LOG_LEVEL: info
                      AWS_SECRET_ACCESS_KEY: {secretRef: {name: s3-creds, key: secret-key}}
                  replicas: 1
                """);
    }

    @Test
    void sendsTheValueToRayButObservesOnlyTheReference() throws BackendException {
        store.put("s3-creds/secret-key", VALUE);
        DesiredResource desired = chat();

        ObservedResource applied = ray.apply(desired);
        ObservedResource observed = ray.observe(desired.key()).orElseThrow();

        JsonNode put = JsonMapper.shared().readTree(wm.findAll(putRequestedFor(urlEqualTo(RayServeApplierTest.PATH)))
                .get(0).getBodyAsString()).path("applications").path(0);
        assertThat(put.at("/runtime_env/env_vars/AWS_SECRET_ACCESS_KEY").asString()).isEqualTo(VALUE);
        assertThat(put.at("/runtime_env/env_vars/SEXTANT_MANIFEST").asString()).doesNotContain(VALUE).contains("s3-creds");
        assertThat(applied.toString()).doesNotContain(VALUE);
        assertThat(observed.toString()).doesNotContain(VALUE);
        assertThat(observed.manifest().at("/spec/runtime/env/AWS_SECRET_ACCESS_KEY/secretRef/key").asString()).isEqualTo("secret-key");
        assertThat(DriftDetector.withDefaults().diff("ray-serve", desired.key(), desired.manifest(), observed.manifest())).isEmpty();
    }

    @Test
    void reappliesNothingWhileTheSecretIsUnchangedAndSendsARotatedValue() throws BackendException {
        store.put("s3-creds/secret-key", VALUE);
        ray.apply(chat());
        ray.apply(chat());
        assertThat(wm.findAll(putRequestedFor(urlEqualTo(RayServeApplierTest.PATH)))).hasSize(1);

        store.put("s3-creds/secret-key", "rotated-value");
        ray.apply(chat());

        assertThat(wm.findAll(putRequestedFor(urlEqualTo(RayServeApplierTest.PATH)))).hasSize(2);
    }

    @Test
    void refusesToApplyWhenTheSecretIsMissingNamingItButNoValue() {
        assertThatThrownBy(() -> ray.apply(chat()))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("secret 's3-creds' (key 'secret-key') cannot be resolved")
                .hasMessageContaining("sextant.secrets.s3-creds");
        assertThat(wm.findAll(putRequestedFor(urlEqualTo(RayServeApplierTest.PATH)))).isEmpty();
    }
}
