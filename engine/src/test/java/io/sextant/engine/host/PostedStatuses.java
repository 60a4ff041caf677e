package io.sextant.engine.host;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.sextant.engine.EngineClient;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The commit statuses the engine posted to a WireMock host, as the host received them. */
final class PostedStatuses {

    private PostedStatuses() {
    }

    /** Bodies of the statuses posted to {@code path} (the host's statuses URL of a commit) for a context. */
    static List<JsonNode> of(WireMockServer host, String path, String context) {
        return host.findAll(postRequestedFor(urlPathEqualTo(path))).stream()
                .map(r -> HostHttp.JSON.readTree(r.getBodyAsString()))
                .filter(json -> context.equals(json.path("context").asString(json.path("name").asString(""))))
                .toList();
    }

    /** Waits for the first status of a context (statuses after a sync are posted off the reconcile thread). */
    static JsonNode await(WireMockServer host, String path, String context) {
        EngineClient.await(context + " status at " + path, Duration.ofSeconds(30),
                () -> !of(host, path, context).isEmpty());
        return of(host, path, context).get(0);
    }
}
