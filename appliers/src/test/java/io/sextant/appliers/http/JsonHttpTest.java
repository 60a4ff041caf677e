package io.sextant.appliers.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.sextant.plugin.BackendException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

/** The shared HTTP client: tokens, failure classification, backend error text, and the concurrency limit. */
class JsonHttpTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    JsonHttp client(Map<String, String> env, Object... extra) {
        var config = TestSpecs.backend("ray-prod", "ray-serve", wm.baseUrl(), null, extra);
        return new JsonHttp("ray-prod", HttpSettings.from(config, env::get), env::get);
    }

    @Test
    void sendsTheBearerTokenFromTheEnvironmentAndKeepsItOutOfMessages() {
        wm.stubFor(get("/x").willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"bad token\"}")));
        JsonHttp http = client(Map.of("RAY_TOKEN", "s3cr3t-value"), "token-env", "RAY_TOKEN");

        BackendException e = catchThrowableOfType(BackendException.class, () -> http.get("/x"));

        wm.verify(getRequestedFor(urlEqualTo("/x")).withHeader("Authorization", equalTo("Bearer s3cr3t-value")));
        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessage("GET /x on ray-prod: 401 bad token").hasMessageNotContaining("s3cr3t");
    }

    @Test
    void readsTheTokenFileOnEveryRequestSoARotatedTokenIsUsed() throws Exception {
        wm.stubFor(get("/x").willReturn(aResponse().withStatus(200)));
        Path token = Files.writeString(dir.resolve("token"), "first\n");
        JsonHttp http = client(Map.of(), "token-file", token.toString());

        http.get("/x");
        Files.writeString(token, "second");
        http.get("/x");

        wm.verify(1, getRequestedFor(urlEqualTo("/x")).withHeader("Authorization", equalTo("Bearer first")));
        wm.verify(1, getRequestedFor(urlEqualTo("/x")).withHeader("Authorization", equalTo("Bearer second")));
    }

    @Test
    void serverErrorsAreTransientAndClientErrorsPermanentBothWithTheBackendsText() {
        wm.stubFor(post("/five").willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>")));
        wm.stubFor(post("/four").willReturn(aResponse().withStatus(422)
                .withBody("{\"detail\":[{\"loc\":[\"body\",\"lora_name\"],\"msg\":\"Field required\"}]}")));
        JsonHttp http = client(Map.of());

        BackendException five = catchThrowableOfType(BackendException.class,
                () -> http.send("POST", "/five", JsonNodeFactory.instance.objectNode()));
        BackendException four = catchThrowableOfType(BackendException.class,
                () -> http.send("POST", "/four", JsonNodeFactory.instance.objectNode()));

        assertThat(five.isTransient()).isTrue();
        assertThat(five).hasMessage("POST /five on ray-prod: 502 <html>Bad Gateway</html>");
        assertThat(four.isTransient()).isFalse();
        assertThat(four).hasMessage("POST /four on ray-prod: 422 [{\"loc\":[\"body\",\"lora_name\"],\"msg\":\"Field required\"}]");
    }

    @Test
    void aRefusedConnectionIsTransientAndNamesTheServer() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = TestSpecs.backend("ray-prod", "ray-serve", "http://127.0.0.1:" + closedPort, null);
        JsonHttp http = new JsonHttp("ray-prod", HttpSettings.from(config));

        BackendException e = catchThrowableOfType(BackendException.class, () -> http.get("/x"));

        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageStartingWith("GET /x on ray-prod: connection to http://127.0.0.1:" + closedPort + " failed");
    }

    @Test
    void keepsAtMostMaxConcurrencyRequestsInFlight() throws Exception {
        wm.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(400)));
        JsonHttp http = client(Map.of(), "max-concurrency", 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            long start = System.nanoTime();
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(pool.submit(() -> http.get("/slow")));
            }
            for (Future<Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
            }
            // Four 400 ms requests two at a time cannot finish in under two rounds; a slow machine only adds time.
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(800);
        } finally {
            pool.shutdownNow();
        }
    }
}
