package io.sextant.engine.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the dashboard's live event stream ({@code sextant.dashboard.*}).
 *
 * @param heartbeat     how often an idle stream gets a comment line, so proxies keep it open and dead
 *                      clients are noticed
 * @param maxClients    open event streams at most; further clients get 503 and retry later
 * @param streamTimeout how long one stream lives before the server closes it (the browser reconnects)
 * @param queueSize     messages waiting to be sent at most; beyond it they are dropped and clients told to
 *                      reload their data ({@code resync})
 */
@ConfigurationProperties("sextant.dashboard")
record DashboardProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("64") int maxClients,
        @DefaultValue("30m") Duration streamTimeout,
        @DefaultValue("10000") int queueSize) {

    DashboardProperties {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("sextant.dashboard.heartbeat must be positive, was " + heartbeat);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("sextant.dashboard.max-clients must be at least 1, was " + maxClients);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("sextant.dashboard.queue-size must be at least 1, was " + queueSize);
        }
    }
}
