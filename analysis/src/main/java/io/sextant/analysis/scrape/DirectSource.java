package io.sextant.analysis.scrape;

import io.sextant.analysis.Measure;
import io.sextant.analysis.MeasurementSource;
import io.sextant.analysis.Reading;
import io.sextant.analysis.Target;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures from a backend's own metrics endpoint, for a backend without a Prometheus in front of it.
 * Each probe scrapes its version's endpoint once per measurement and compares with its previous scrape:
 * counters and histograms become what happened in the interval (a rate, then a quantile as
 * {@code histogram_quantile} interpolates it), gauges are read as they are now.
 */
public final class DirectSource implements MeasurementSource {

    /** Where a version's metrics are: an endpoint, its engine's naming, and the labels of its series. */
    public record VersionEndpoint(Endpoint endpoint, Dialect dialect, Map<String, String> selector) {
        public VersionEndpoint {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(dialect, "dialect");
            selector = Map.copyOf(selector);
        }
    }

    /** Finds the endpoint of one version of a target; empty when the backend has none for it. */
    @FunctionalInterface
    public interface Endpoints {
        Optional<VersionEndpoint> of(Target target, String version);
    }

    private final Endpoints endpoints;

    public DirectSource(Endpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    @Override
    public Probe probe(Measure measure, Target target, String version, Duration interval) {
        if (!(measure instanceof Measure.Signal signal)) {
            throw new IllegalArgumentException("query: a PromQL query needs sextant.analysis.prometheus.url;"
                    + " without Prometheus, measure a signal (ttft, itl, e2e, error-rate, queue-depth, running,"
                    + " kv-cache-usage)");
        }
        Optional<VersionEndpoint> found = endpoints.of(target, version);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("backend '" + target.backend() + "' has no metrics endpoint for "
                    + target.namespace() + "/" + target.name() + " version " + version);
        }
        VersionEndpoint endpoint = found.get();
        if (!endpoint.dialect().supports(signal.kind())) {
            throw new IllegalArgumentException("signal: " + endpoint.dialect().name().toLowerCase()
                    + " metrics have no " + signal.kind().key());
        }
        return new ScrapeProbe(signal, endpoint);
    }

    private static final class ScrapeProbe implements Probe {

        private final Measure.Signal signal;
        private final VersionEndpoint endpoint;
        private Scrape previous;

        ScrapeProbe(Measure.Signal signal, VersionEndpoint endpoint) {
            this.signal = signal;
            this.endpoint = endpoint;
        }

        @Override
        public void start(Instant now) {
            try {
                previous = scrape();
            } catch (IOException | IllegalArgumentException e) {
                previous = null; // the first read then takes the baseline; its verdict says why
            }
        }

        @Override
        public Reading read(Instant now) {
            Scrape current;
            try {
                current = scrape();
            } catch (IOException e) {
                return new Reading.Failure("metrics of " + endpoint.endpoint() + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                return new Reading.Failure("metrics of " + endpoint.endpoint() + " are not the Prometheus text"
                        + " format: " + e.getMessage());
            }
            Scrape before = previous;
            previous = current;
            if (before == null && signal.kind().overInterval()) {
                return new Reading.NoData("no earlier scrape to compare with (the endpoint could not be read"
                        + " when the analysis started)");
            }
            try {
                return endpoint.dialect().read(signal.kind(), signal.quantile(), before == null ? current : before,
                        current, endpoint.selector());
            } catch (IllegalArgumentException e) {
                return new Reading.Failure("metrics of " + endpoint.endpoint() + ": " + e.getMessage());
            }
        }

        private Scrape scrape() throws IOException {
            return TextFormat.parse(endpoint.endpoint().scrape());
        }
    }
}
