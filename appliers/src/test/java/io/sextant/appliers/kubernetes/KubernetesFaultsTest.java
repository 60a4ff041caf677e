package io.sextant.appliers.kubernetes;

import java.util.List;

import java.time.Duration;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import io.sextant.spec.kinds.ModelDeployment;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.BackendException;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures as a real API server reports them (Status JSON bodies on the real paths), and faults of the
 * network: 5xx, resets and timeouts are transient; 4xx are permanent with the server's own message.
 */
class KubernetesFaultsTest {

    static final String DEPLOYMENT = "/apis/apps/v1/namespaces/inference/deployments/search--llama";
    static final String SERVICE = "/api/v1/namespaces/inference/services/search--llama";
    static final String TOKEN = "s3cr3t-token-value";
    private static final ResourceKey LLAMA = new ResourceKey(ModelDeployment.KIND, "search", "llama");

    private final WireMockServer api = new WireMockServer(options().dynamicPort());
    private Applier applier;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        api.start();
        Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        applier = new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes", Map.of(
                "url", api.baseUrl(), "token-file", token.toString(), "namespace", "inference",
                "request-timeout", "1s", "force-conflicts", "false"), null));
    }

    @AfterEach
    void stop() {
        applier.close();
        api.stop();
    }

    static String status(int code, String reason, String message) {
        return """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":%s,"reason":"%s",\
                "details":{"name":"search--llama","group":"apps","kind":"deployments"},"code":%d}"""
                .formatted(tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(message), reason, code);
    }

    private void answerGet(int code, String reason, String message) {
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).willReturn(aResponse().withStatus(code)
                .withHeader("Content-Type", "application/json").withBody(status(code, reason, message))));
    }

    /** The Service, applied before the Deployment, is absent and then created. */
    private void acceptService() {
        api.stubFor(get(urlPathEqualTo(SERVICE)).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody(status(404, "NotFound",
                        "services \"search--llama\" not found"))));
        api.stubFor(patch(urlPathEqualTo(SERVICE)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"kind\":\"Service\",\"apiVersion\":\"v1\"}")));
    }

    @Test
    void aConflictIsPermanentAndNamesTheOtherFieldManager() {
        acceptService();
        answerGet(404, "NotFound", "deployments.apps \"search--llama\" not found");
        api.stubFor(patch(urlPathEqualTo(DEPLOYMENT)).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody(status(409, "Conflict",
                        "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas"))));

        BackendException failure = catchThrowableOfType(BackendException.class, () -> applier.apply(KubeSpecs.llama(2)));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).contains("backend 'prod-k8s': apply Deployment inference/search--llama: 409 Conflict: "
                + "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: .spec.replicas")
                .contains("owned by field manager 'kubectl-edit'").doesNotContain(TOKEN);
        api.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENT)).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void withForceConflictsAConflictedApplyIsSentAgainWithForce() throws Exception {
        acceptService();
        answerGet(404, "NotFound", "deployments.apps \"search--llama\" not found");
        api.stubFor(patch(urlPathEqualTo(DEPLOYMENT)).atPriority(2).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withBody(status(409, "Conflict",
                        "Apply failed with 1 conflict: conflict with \"kubectl\" using apps/v1: .spec.replicas"))));
        api.stubFor(patch(urlPathEqualTo(DEPLOYMENT)).atPriority(1).withQueryParam("force", equalTo("true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\"}")));
        try (Applier forcing = new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes",
                Map.of("url", api.baseUrl(), "namespace", "inference"), null))) {
            // The read-back after the apply finds nothing here; only the requests matter.
            catchThrowableOfType(BackendException.class, () -> forcing.apply(KubeSpecs.llama(2)));
        }

        api.verify(1, patchRequestedFor(urlPathEqualTo(DEPLOYMENT)).withQueryParam("fieldManager", equalTo("sextant"))
                .withQueryParam("force", equalTo("true"))
                .withHeader("Content-Type", containing("application/apply-patch+yaml")));
        api.verify(2, patchRequestedFor(urlPathEqualTo(DEPLOYMENT)));
    }

    @Test
    void twoTooManyRequestsAreWaitedOutAsRetryAfterSaysAndTheThirdAnswerCounts() throws Exception {
        String busy = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"Too many requests, please try again later.\",\"reason\":\"TooManyRequests\","
                + "\"details\":{\"retryAfterSeconds\":1},\"code\":429}";
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).inScenario("apf").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody(busy)).willSetStateTo("once"));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).inScenario("apf").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody(busy)).willSetStateTo("twice"));
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).inScenario("apf").whenScenarioStateIs("twice")
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json")
                        .withBody(status(404, "NotFound", "deployments.apps \"search--llama\" not found"))));

        assertThat(applier.observe(LLAMA)).isEmpty();

        List<LoggedRequest> gets = api.findAll(getRequestedFor(urlPathEqualTo(DEPLOYMENT)));
        assertThat(gets).hasSize(3);
        assertThat(Duration.between(gets.get(0).getLoggedDate().toInstant(), gets.get(2).getLoggedDate().toInstant()))
                .as("each retry waited the second Retry-After asks for").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void anApplyAnsweredTooManyRequestsWithOnlyARetryAfterHeaderWaitsThatLongAndIsSentAgainWithTheToken() throws Exception {
        acceptService();
        answerGet(404, "NotFound", "deployments.apps \"search--llama\" not found");
        // A proxy in front of the API server, or an older one: the wait only in the header, the Status without details.
        api.stubFor(patch(urlPathEqualTo(DEPLOYMENT)).inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")
                        .withHeader("Content-Type", "application/json")
                        .withBody(status(429, "TooManyRequests", "Too many requests, please try again later.")))
                .willSetStateTo("served"));
        api.stubFor(patch(urlPathEqualTo(DEPLOYMENT)).inScenario("busy").whenScenarioStateIs("served")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"search--llama\","
                                + "\"namespace\":\"inference\",\"resourceVersion\":\"7\"}}")));

        applier.apply(KubeSpecs.llama(2));

        List<LoggedRequest> applies = api.findAll(patchRequestedFor(urlPathEqualTo(DEPLOYMENT)));
        assertThat(applies).hasSize(2);
        assertThat(Duration.between(applies.get(0).getLoggedDate().toInstant(), applies.get(1).getLoggedDate().toInstant()))
                .as("the apply waited the two seconds Retry-After asks for").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // Sent on fabric8's HTTP client, so with its authentication: the token file's bearer token.
        assertThat(applies).allSatisfy(request -> {
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
            assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            assertThat(request.queryParameter("fieldManager").firstValue()).isEqualTo("sextant");
        });
    }

    @Test
    void forbiddenIsPermanentWithTheApiServersMessage() {
        String message = "deployments.apps \"search--llama\" is forbidden: User \"system:serviceaccount:sextant:sextant\" "
                + "cannot get resource \"deployments\" in API group \"apps\" in the namespace \"inference\"";
        answerGet(403, "Forbidden", message);

        BackendException failure = catchThrowableOfType(BackendException.class, () -> applier.observe(LLAMA));

        assertThat(failure.isTransient()).isFalse();
        assertThat(failure.getMessage()).isEqualTo("backend 'prod-k8s': get Deployment inference/search--llama: "
                + "403 Forbidden: " + message);
    }

    @Test
    void serverErrorsAreTransientWithTheServersMessage() {
        answerGet(500, "InternalError", "Internal error occurred: etcdserver: request timed out");
        BackendException internal = catchThrowableOfType(BackendException.class, () -> applier.observe(LLAMA));
        assertThat(internal.isTransient()).isTrue();
        assertThat(internal.getMessage()).endsWith("500 InternalError: Internal error occurred: etcdserver: request timed out");

        answerGet(503, "ServiceUnavailable", "the server is currently unable to handle the request");
        BackendException unavailable = catchThrowableOfType(BackendException.class, () -> applier.observe(LLAMA));
        assertThat(unavailable.isTransient()).isTrue();
        assertThat(unavailable.getMessage()).endsWith("503 ServiceUnavailable: the server is currently unable to handle the request");
    }

    @Test
    void aResetConnectionIsTransient() {
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        long start = System.nanoTime();

        BackendException failure = catchThrowableOfType(BackendException.class, () -> applier.observe(LLAMA));

        assertThat(failure.isTransient()).isTrue();
        // The JDK client retries an idempotent GET on a fresh connection; when that is reset too, it may
        // report the request as timed out rather than the reset.
        assertThat(failure.getMessage()).matches("backend 'prod-k8s': get Deployment inference/search--llama: "
                + "(cannot reach the API server: .+|the API server did not answer in time)");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_500);
    }

    @Test
    void anApiServerSlowerThanTheRequestTimeoutIsTransient() {
        api.stubFor(get(urlPathEqualTo(DEPLOYMENT)).willReturn(aResponse().withFixedDelay(5_000).withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        long start = System.nanoTime();

        BackendException failure = catchThrowableOfType(BackendException.class, () -> applier.observe(LLAMA));

        assertThat(failure.isTransient()).isTrue();
        assertThat(failure.getMessage()).isEqualTo("backend 'prod-k8s': get Deployment inference/search--llama: "
                + "the API server did not answer in time");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_500);
    }

    @Test
    void applyingAKindWhoseCrdIsMissingSaysSo() throws Exception {
        try (Applier kserve = new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes",
                Map.of("url", api.baseUrl(), "namespace", "inference", "flavor", "kserve"), null))) {
            String path = "/apis/serving.kserve.io/v1beta1/namespaces/inference/inferenceservices/search--llama";
            String body = status(404, "NotFound", "the server could not find the requested resource");
            api.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404).withBody(body)));
            api.stubFor(patch(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404).withBody(body)));

            BackendException failure = catchThrowableOfType(BackendException.class, () -> kserve.apply(KubeSpecs.llama(1)));

            assertThat(failure.isTransient()).isFalse();
            assertThat(failure.getMessage()).contains("404 NotFound: the server could not find the requested resource")
                    .contains("is InferenceService (serving.kserve.io/v1beta1) installed on the cluster?");
        }
    }
}
