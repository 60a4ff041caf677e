package io.sextant.analysis.scrape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                byte[] bytes = readAtMost(body);
                if (response.statusCode() != 200) {
                    throw new IOException(uri + " answered " + response.statusCode());
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(uri + " did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(uri + ": interrupted", e);
        }
    }

    private byte[] readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > MAX_BYTES) {
                throw new IOException(uri + ": the metrics are larger than " + MAX_BYTES + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
