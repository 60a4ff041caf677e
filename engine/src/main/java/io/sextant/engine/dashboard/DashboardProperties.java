package io.sextant.engine.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the dashboard's live event stream ({@code sextant.dashboard.*}).
 *
 * @param heartbeat          how often an idle stream gets a comment line, so proxies keep it open and
 *                           dead clients are noticed
 * @param maxClients         open event streams at most; further clients get 503 and retry later
 * @param maxClientsPerClient open event streams of one client (one bearer token, else one address) at
 *                           most, so no one client takes every slot; further ones get 429
 * @param streamTimeout      how long one stream lives before the server closes it (the browser reconnects)
 * @param queueSize          messages waiting for one stream at most; a stream further behind is ended
 *                           (its browser reconnects and reloads its data)
 * @param writeTimeout       how long one write to a stream may stay blocked (a client that stopped
 *                           reading) before the stream is ended; other streams never wait for it
 */
@ConfigurationProperties("sextant.dashboard")
record DashboardProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("64") int maxClients,
        @DefaultValue("8") int maxClientsPerClient,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("1000") int queueSize,
        @DefaultValue("10s") Duration writeTimeout) {

    DashboardProperties {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("sextant.dashboard.heartbeat must be positive, was " + heartbeat);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("sextant.dashboard.max-clients must be at least 1, was " + maxClients);
        }
        if (maxClientsPerClient < 1) {
            throw new IllegalArgumentException("sextant.dashboard.max-clients-per-client must be at least 1, was "
                    + maxClientsPerClient);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("sextant.dashboard.queue-size must be at least 1, was " + queueSize);
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("sextant.dashboard.write-timeout must be positive, was " + writeTimeout);
        }
    }
}
