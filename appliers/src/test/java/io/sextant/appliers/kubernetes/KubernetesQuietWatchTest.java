package io.sextant.appliers.kubernetes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.sextant.appliers.api.BackendConfig;
import io.sextant.plugin.DesiredResource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An API server in a quiet namespace: its lists answer at once, and a watch sends nothing until something
 * changes (the API server's bookmarks come about a minute apart). fabric8 counts such an HTTP-stream watch
 * open only at its first event, so a cache that waited for "watching" sent a GET per object for as long as
 * nothing happened. A synced cache answers, as client-go's listers do: the watch starts from the list's
 * version, so nothing is missed meanwhile.
 */
class KubernetesQuietWatchTest {

    private static final String COLLECTION = "/apis?/.*/namespaces/inference/[a-z]+";
    private static final String EMPTY_LIST = "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"10\"},\"items\":[]}";

    private final WireMockServer api = new WireMockServer(options().dynamicPort());
    private KubernetesApplier applier;

    @BeforeEach
    void start() {
        api.start();
        api.stubFor(get(urlPathMatching(COLLECTION)).withQueryParam("watch", absent()).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody(EMPTY_LIST)));
        // Nothing changes while the test runs: the watch answers nothing for longer than the test takes.
        api.stubFor(get(urlPathMatching(COLLECTION)).withQueryParam("watch", equalTo("true")).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withBody("").withFixedDelay(8_000)));
        applier = (KubernetesApplier) new KubernetesApplierFactory().create(new BackendConfig("prod-k8s", "kubernetes",
                Map.of("url", api.baseUrl(), "namespace", "inference", "watch-transport", "http"), null));
    }

    @AfterEach
    void stop() {
        applier.close();
        api.stop();
    }

    @Test
    void aListedCacheAnswersWhileItsWatchHasNotSentAnythingYet() throws Exception {
        DesiredResource llama = KubeSpecs.llama(2);
        DesiredResource mistral = KubeSpecs.llama("mistral", "replicas: 1");

        assertThat(applier.observe(llama.key())).isEmpty();
        assertThat(applier.observe(mistral.key())).isEmpty();

        // Absent from the listed cache: no GET of either object, none of them waited for the watch (which opens
        // after the list, so the reads may even come before it is asked for).
        api.verify(0, getRequestedFor(urlPathMatching(COLLECTION + "/.+")));
        // The watch is asked for, and answers nothing, while the cache keeps answering.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (api.findAll(getRequestedFor(urlPathMatching("/apis/apps/v1/namespaces/inference/deployments"))
                .withQueryParam("watch", equalTo("true"))).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        api.verify(getRequestedFor(urlPathMatching("/apis/apps/v1/namespaces/inference/deployments"))
                .withQueryParam("watch", equalTo("true")));
        assertThat(applier.observe(llama.key())).isEmpty();
        api.verify(0, getRequestedFor(urlPathMatching(COLLECTION + "/.+")));
    }
}
