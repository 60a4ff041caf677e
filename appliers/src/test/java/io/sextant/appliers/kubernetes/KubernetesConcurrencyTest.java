package io.sextant.appliers.kubernetes;

import io.sextant.spec.kinds.ModelDeployment;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.sextant.appliers.api.Applier;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The per-backend concurrency limit holds API calls back, whatever the engine's thread count. */
class KubernetesConcurrencyTest {

    @Test
    void noMoreThanMaxConcurrencyCallsAreInFlight() throws Exception {
        WireMockServer api = new WireMockServer(options().dynamicPort().containerThreads(20));
        api.start();
        ExecutorService engine = Executors.newFixedThreadPool(6);
        try (Applier applier = new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes",
                Map.of("url", api.baseUrl(), "namespace", "inference", "max-concurrency", 2,
                        // GETs, the calls the limit is for: watches are long-lived and hold no permit
                        "watch", false), null))) {
            api.stubFor(get(urlPathMatching("/apis/apps/v1/namespaces/inference/deployments/.*"))
                    .willReturn(aResponse().withFixedDelay(300).withStatus(404).withHeader("Content-Type", "application/json")
                            .withBody(KubernetesFaultsTest.status(404, "NotFound", "not found"))));
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ResourceKey key = new ResourceKey(ModelDeployment.KIND, "search", "model-" + i);
                calls.add(engine.submit(() -> applier.observe(key)));
            }
            for (Future<?> call : calls) {
                call.get();
            }

            assertThat(maxInFlight(api.getAllServeEvents())).isEqualTo(2);
        } finally {
            engine.shutdownNow();
            api.stop();
        }
    }

    /** Most requests the server was answering at once, counted at the middle of each request's 300 ms. */
    private static int maxInFlight(List<ServeEvent> events) {
        List<long[]> spans = events.stream().map(e -> new long[] {e.getRequest().getLoggedDate().getTime(),
                e.getRequest().getLoggedDate().getTime() + e.getTiming().getTotalTime()}).toList();
        int max = 0;
        for (long[] span : spans) {
            long middle = (span[0] + span[1]) / 2;
            max = Math.max(max, (int) spans.stream().filter(s -> s[0] < middle && middle < s[1]).count());
        }
        return max;
    }
}
