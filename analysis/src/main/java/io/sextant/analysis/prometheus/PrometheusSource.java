package io.sextant.analysis.prometheus;

import io.sextant.analysis.Measure;
import io.sextant.analysis.MeasurementSource;
import io.sextant.analysis.Reading;
import io.sextant.analysis.Target;
import io.sextant.analysis.http.BoundedHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures with PromQL on a Prometheus server's HTTP API ({@code GET /api/v1/query}). The server's URL
 * and token come from engine configuration only, never from Git: a spec chooses the query, not where it
 * is sent. The token goes only to that URL (the JDK client follows no redirects) and is never logged or
 * put into a message.
 */
public final class PrometheusSource implements MeasurementSource {

    /** A query answers one number; a larger answer is a query that needs aggregating, not data. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private final HttpClient client;
    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;

    public PrometheusSource(HttpClient client, URI base, Optional<String> token, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.base = checked(Objects.requireNonNull(base, "url"));
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout: must be positive, not " + timeout);
        }
    }

    private static URI checked(URI url) {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("url: '" + url + "' must be an http or https URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: must not hold credentials; set token-env or token-file");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("url: must not have a query or fragment; give the server's base URL");
        }
        return url;
    }

    @Override
    public Probe probe(Measure measure, Target target, String version, Duration interval) {
        if (!(measure instanceof Measure.Query query)) {
            throw new IllegalArgumentException("signal: with Prometheus, measure with a query (the signals are"
                    + " read from a backend's own metrics endpoint)");
        }
        String promql = QueryTemplate.render(query.template(), target.variables(version), interval);
        return now -> run(promql);
    }

    /** The URI a query is sent to (for tests and messages; holds no secret). */
    URI queryUri(String promql) {
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "" : base.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return base.resolve(path + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    Reading run(String promql) {
        HttpRequest.Builder request = HttpRequest.newBuilder(queryUri(promql)).timeout(timeout)
                .header("Accept", "application/json").GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            BoundedHttp.Response response = BoundedHttp.get(client, request.build(), timeout, MAX_BYTES,
                    "Prometheus at " + base);
            return QueryResult.read(response.status(), new String(response.body(), StandardCharsets.UTF_8), promql);
        } catch (IOException e) {
            return new Reading.Failure(e.getMessage());
        }
    }
}
