package io.sextant.engine.analysis;

import io.sextant.analysis.Measure;
import io.sextant.analysis.MeasurementSource;
import io.sextant.analysis.Target;
import io.sextant.analysis.prometheus.PrometheusSource;
import io.sextant.analysis.scrape.Dialect;
import io.sextant.analysis.scrape.DirectSource;
import io.sextant.analysis.scrape.HttpEndpoint;
import io.sextant.appliers.sim.SimServingMetrics;
import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Picks where an analysis reads: PromQL queries go to the configured Prometheus, signals to the backend's
 * own metrics (the sim's synthetic ones, a vLLM server's {@code /metrics}). One source per analysis, so a
 * mix of both kinds of metric in one analysis is routed per measure.
 */
final class AnalysisSources implements MeasurementSource {

    private final Optional<PrometheusSource> prometheus;
    private final DirectSource direct;

    AnalysisSources(AnalysisProperties properties, SextantProperties engine, BackendRegistry backends,
                    Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.prometheus = prometheus(properties.prometheus(), http);
        this.direct = new DirectSource((target, version) -> endpoint(target, version, engine, backends, clock, http,
                properties.timeout()));
    }

    @Override
    public Probe probe(Measure measure, Target target, String version, Duration interval) {
        if (measure instanceof Measure.Query && prometheus.isPresent()) {
            return prometheus.get().probe(measure, target, version, interval);
        }
        return direct.probe(measure, target, version, interval);
    }

    private static Optional<DirectSource.VersionEndpoint> endpoint(Target target, String version,
            SextantProperties engine, BackendRegistry backends, Clock clock, HttpClient http, Duration timeout) {
        Optional<SimServingMetrics> sim = backends.find(target.backend()).flatMap(SimServingMetrics::of);
        if (sim.isPresent()) {
            return Optional.of(new DirectSource.VersionEndpoint(() -> sim.get().text(version, clock.instant()),
                    Dialect.VLLM, Map.of()));
        }
        for (Map<String, Object> backend : engine.backends()) {
            if (target.backend().equals(String.valueOf(backend.get("name"))) && "vllm".equals(backend.get("type"))
                    && backend.get("url") != null) {
                URI metrics = URI.create(backend.get("url").toString().replaceAll("/+$", "") + "/metrics");
                // One vLLM server may serve several models (LoRA adapters): its series name the model.
                return Optional.of(new DirectSource.VersionEndpoint(new HttpEndpoint(http, metrics, timeout),
                        Dialect.VLLM, Map.of("model_name", version)));
            }
        }
        return Optional.empty();
    }

    /** The Prometheus source, or none without a URL; a token that cannot be read stops start-up. */
    private static Optional<PrometheusSource> prometheus(AnalysisProperties.Prometheus p, HttpClient http) {
        if (p.url() == null) {
            if (p.tokenEnv() != null || p.tokenFile() != null) {
                throw new ConfigurationException("sextant.analysis.prometheus", "a token is set but no url",
                        "Set sextant.analysis.prometheus.url, or remove the token setting.");
            }
            return Optional.empty();
        }
        if (p.tokenEnv() != null && p.tokenFile() != null) {
            throw new ConfigurationException("sextant.analysis.prometheus.token-env",
                    "both token-env and token-file are set", "Keep one of them.");
        }
        Optional<String> token = Optional.empty();
        if (p.tokenEnv() != null) {
            String value = System.getenv(p.tokenEnv());
            if (value == null || value.isBlank()) {
                throw new ConfigurationException("sextant.analysis.prometheus.token-env",
                        "the environment variable " + p.tokenEnv() + " is not set",
                        "Set it to the Prometheus bearer token, or remove token-env.");
            }
            token = Optional.of(value.trim());
        } else if (p.tokenFile() != null) {
            try {
                token = Optional.of(Files.readString(p.tokenFile(), StandardCharsets.UTF_8).trim());
            } catch (IOException e) {
                throw new ConfigurationException("sextant.analysis.prometheus.token-file",
                        "cannot read " + p.tokenFile() + ": " + e.getClass().getSimpleName(),
                        "Point it to a readable file holding the Prometheus bearer token.");
            }
        }
        try {
            return Optional.of(new PrometheusSource(http, p.url(), token, p.timeout()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("sextant.analysis.prometheus.url", e.getMessage(),
                    "Give the Prometheus server's base URL, e.g. http://prometheus:9090.");
        }
    }
}
