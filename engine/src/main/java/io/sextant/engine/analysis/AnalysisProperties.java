package io.sextant.engine.analysis;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of canary analysis ({@code sextant.analysis.*}). Where measurements are read from is engine
 * configuration only: a spec in Git chooses a query, never the server it goes to or its credentials.
 *
 * @param prometheus the Prometheus server PromQL queries go to; without its {@code url}, analyses read
 *                   each backend's own metrics endpoint (signals only)
 * @param tick       how often the engine looks for measurements that are due; {@code 0s} turns the timer
 *                   off (the owner ticks by hand, as tests do)
 * @param threads    threads that take measurements (a read may wait for its timeout); 0 takes them on the
 *                   ticking thread
 * @param timeout    the timeout of every read of a backend's metrics endpoint
 */
@ConfigurationProperties("sextant.analysis")
record AnalysisProperties(
        @DefaultValue Prometheus prometheus,
        @DefaultValue("1s") Duration tick,
        @DefaultValue("4") int threads,
        @DefaultValue("5s") Duration timeout) {

    AnalysisProperties {
        if (tick.isNegative()) {
            throw new IllegalArgumentException("sextant.analysis.tick must not be negative, was " + tick);
        }
        if (threads < 0 || threads > 256) {
            throw new IllegalArgumentException("sextant.analysis.threads must be from 0 to 256, was " + threads);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("sextant.analysis.timeout must be positive, was " + timeout);
        }
    }

    /**
     * The Prometheus server ({@code sextant.analysis.prometheus.*}).
     *
     * @param url       its base URL, e.g. {@code http://prometheus:9090}; no credentials in it
     * @param tokenEnv  an environment variable holding a bearer token for it
     * @param tokenFile a file holding a bearer token for it (a mounted secret); not both
     * @param timeout   the timeout of every query
     */
    record Prometheus(URI url, String tokenEnv, Path tokenFile, @DefaultValue("5s") Duration timeout) {
        Prometheus {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("sextant.analysis.prometheus.timeout must be positive, was "
                        + timeout);
            }
        }
    }
}
