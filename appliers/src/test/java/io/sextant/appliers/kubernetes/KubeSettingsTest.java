package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.Appliers;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings of a {@code kubernetes} backend as engine configuration gives them. */
class KubeSettingsTest {

    @TempDir
    Path dir;

    private static KubeSettings parse(Map<String, Object> settings) {
        return KubeSettings.from(new BackendConfig("prod-k8s", "kubernetes", settings, null));
    }

    @Test
    void defaultsAreADeploymentFlavorSixteenCallsAtOnceAThirtySecondTimeoutAndForcedOwnershipOfDeclaredFields() {
        KubeSettings settings = parse(Map.of());

        assertThat(settings.flavor()).isEqualTo(KubeSettings.Flavor.DEPLOYMENT);
        assertThat(settings.maxConcurrency()).isEqualTo(16);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.forceConflicts()).isTrue();
        assertThat(settings.qps()).as("no client-side rate limit: the server's 429s pace Sextant").isZero();
        assertThat(settings.productOf("L4-24GB")).isEqualTo("L4-24GB");
    }

    @Test
    void valuesFromTheEnvironmentArriveAsTextAndStillBind() {
        KubeSettings settings = parse(Map.of("flavor", "KServe", "max-concurrency", "8", "request-timeout", "PT5S",
                "force-conflicts", "false", "gpu-products", Map.of("H100-80GB", "NVIDIA-H100-80GB-HBM3")));

        assertThat(settings.flavor()).isEqualTo(KubeSettings.Flavor.KSERVE);
        assertThat(settings.maxConcurrency()).isEqualTo(8);
        assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.forceConflicts()).isFalse();
        assertThat(settings.productOf("H100-80GB")).isEqualTo("NVIDIA-H100-80GB-HBM3");
        assertThat(settings.typeOf("NVIDIA-H100-80GB-HBM3")).isEqualTo("H100-80GB");
    }

    @Test
    void qpsAndBurstBindAndBurstDefaultsToTwiceQps() {
        assertThat(parse(Map.of("qps", "50")).burst()).isEqualTo(100);
        assertThat(parse(Map.of("qps", 50, "burst", "300")).burst()).isEqualTo(300);
        assertThat(KubeSettings.KEYS).contains("qps", "burst", "max-concurrency");
    }

    @Test
    void watchesTryAWebSocketUnlessTheTransportIsHttp() {
        assertThat(parse(Map.of()).httpWatches()).isFalse();
        assertThat(parse(Map.of("watch-transport", "websocket")).httpWatches()).isFalse();
        assertThat(parse(Map.of("watch-transport", "http")).httpWatches()).isTrue();
        assertThat(KubeClients.connect("prod-k8s", parse(Map.of("url", "https://10.0.0.1:6443", "watch-transport", "http")))
                .getConfiguration().isOnlyHttpWatches()).isTrue();
        assertThatThrownBy(() -> parse(Map.of("watch-transport", "grpc")))
                .hasMessage("backend 'prod-k8s' (type kubernetes): setting 'watch-transport' must be websocket (the default: "
                        + "a WebSocket, an HTTP stream where it is refused) or http (HTTP streams only), got 'grpc'");
    }

    @Test
    void badSettingsNameTheBackendAndTheSetting() {
        assertThatThrownBy(() -> parse(Map.of("flavour", "kserve")))
                .hasMessageStartingWith("backend 'prod-k8s' (type kubernetes): setting 'flavour' is not a kubernetes backend setting");
        assertThatThrownBy(() -> parse(Map.of("flavor", "knative")))
                .hasMessage("backend 'prod-k8s' (type kubernetes): setting 'flavor' must be one of deployment, kserve, llm-inference-service, got 'knative'");
        assertThatThrownBy(() -> parse(Map.of("max-concurrency", 0)))
                .hasMessageContaining("setting 'max-concurrency' must be at least 1");
        assertThatThrownBy(() -> parse(Map.of("qps", -5)))
                .hasMessage("backend 'prod-k8s' (type kubernetes): setting 'qps' must be 0 (no client-side limit) or more, got -5");
        assertThatThrownBy(() -> parse(Map.of("qps", 10, "burst", 0)))
                .hasMessage("backend 'prod-k8s' (type kubernetes): setting 'burst' must be at least 1, got 0");
        assertThatThrownBy(() -> parse(Map.of("request-timeout", "soon")))
                .hasMessageContaining("setting 'request-timeout' must be a duration");
        assertThatThrownBy(() -> parse(Map.of("namespace", "Inference_NS")))
                .hasMessageContaining("setting 'namespace' must be a Kubernetes namespace name");
        assertThatThrownBy(() -> parse(Map.of("url", "https://k8s:6443", "kubeconfig", "/etc/kubeconfig")))
                .hasMessageContaining("setting 'url' and 'kubeconfig' are exclusive");
        assertThatThrownBy(() -> parse(Map.of("token-file", "/var/run/token")))
                .hasMessageContaining("setting 'token-file' needs 'url'");
        assertThatThrownBy(() -> parse(Map.of("url", "https://k8s:6443", "token-file", dir.resolve("absent").toString())))
                .hasMessageContaining("setting 'token-file' names file").hasMessageContaining("which cannot be read");
        assertThatThrownBy(() -> parse(Map.of("gpu-products", "H100")))
                .hasMessageContaining("setting 'gpu-products' must be a map");
    }

    @Test
    void anUnsetTokenVariableIsNamedNeverRead() {
        String variable = "SEXTANT_TEST_SURELY_UNSET_TOKEN";

        assertThatThrownBy(() -> parse(Map.of("url", "https://k8s:6443", "token-env", variable)))
                .hasMessage("backend 'prod-k8s' (type kubernetes): setting 'token-env' names environment variable '"
                        + variable + "', which is not set");
    }

    @Test
    void theFactoryIsFoundByTypeAndConnectsThroughAKubeconfigFile() throws Exception {
        WireMockServer api = new WireMockServer(options().dynamicPort());
        api.start();
        try {
            api.stubFor(get(urlPathEqualTo("/apis/apps/v1/namespaces/team-a/deployments/search--llama"))
                    .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody(KubernetesFaultsTest.status(404, "NotFound", "not found"))));
            Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: test, cluster: {server: "%s"}}]
                    users: [{name: sextant, user: {token: kubeconfig-token}}]
                    contexts: [{name: test, context: {cluster: test, user: sextant, namespace: team-a}}]
                    current-context: test
                    """.formatted(api.baseUrl()));
            Map<String, Object> settings = new HashMap<>(Map.of("kubeconfig", kubeconfig.toString()));

            assertThat(Appliers.discover()).containsKey("kubernetes");
            try (Applier applier = Appliers.create(new BackendConfig("prod-k8s", "kubernetes", settings, dir))) {
                assertThat(applier.type()).isEqualTo("kubernetes");
                // The kubeconfig context's namespace is the target when the backend names none.
                assertThat(applier.observe(new ResourceKey(ModelDeployment.KIND, "search", "llama"))).isEmpty();
            }
            api.verify(getRequestedFor(urlPathEqualTo("/apis/apps/v1/namespaces/team-a/deployments/search--llama"))
                    .withHeader("Authorization", equalTo("Bearer kubeconfig-token")));
        } finally {
            api.stop();
        }
    }
}
