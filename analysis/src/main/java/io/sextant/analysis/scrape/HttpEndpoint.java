package io.sextant.analysis.scrape;

import io.sextant.analysis.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * A backend's metrics endpoint over HTTP, e.g. {@code http://vllm:8000/metrics} or Triton's
 * {@code http://triton:8002/metrics}. Every call has a timeout, and a body is read only up to a limit:
 * a misbehaving server can make a read fail, never hang or fill the engine's memory.
 */
public final class HttpEndpoint implements Endpoint {

    /** vLLM with many LoRA adapters writes a few hundred kilobytes; this is far beyond. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final HttpClient client;
    private final URI uri;
    private final Duration timeout;

    public HttpEndpoint(HttpClient client, URI uri, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.uri = Objects.requireNonNull(uri, "uri");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("metrics url '" + uri + "': must be http or https");
        }
    }

    @Override
    public String scrape() throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4").GET().build();
        BoundedHttp.Response response = BoundedHttp.get(client, request, timeout, MAX_BYTES, uri.toString());
        if (response.status() != 200) {
            throw new IOException(uri + " answered " + response.status());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
