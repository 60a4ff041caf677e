package io.sextant.engine.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Webhook settings under {@code sextant.webhooks.*}; the secrets are per source
 * ({@code sextant.sources[].webhook.secret-env} or {@code secret-file}).
 *
 * @param maxPayloadSize the largest body accepted; a larger one is refused (413) while it is being
 *                       read. GitHub caps its payloads at 25 MB but pushes are a few kB; 1 MiB fits
 *                       a push of hundreds of commits
 * @param rateLimit      deliveries each source accepts, after the signature check
 * @param deliveries     how deliveries are remembered to process each one once
 * @param readTimeout    the longest a delivery's whole body may take to arrive; a slower one is
 *                       refused (408). Git hosts send a delivery in milliseconds and give up after 10 s
 * @param maxConcurrentReads deliveries whose bodies are read at the same time at most; more are refused
 *                       at once (503, the host retries), so slow senders can hold only this many threads
 * @param unauthenticated what deliveries that no source's secret verifies cost their sender
 */
@ConfigurationProperties("sextant.webhooks")
record WebhooksProperties(
        @DefaultValue("1MB") DataSize maxPayloadSize,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue Deliveries deliveries,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("16") int maxConcurrentReads,
        @DefaultValue Unauthenticated unauthenticated) {

    WebhooksProperties {
        if (maxPayloadSize.toBytes() < 1 || maxPayloadSize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sextant.webhooks.max-payload-size: must be between 1B and 2GB, got "
                    + maxPayloadSize);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("sextant.webhooks.read-timeout: must be positive, got " + readTimeout);
        }
        if (maxConcurrentReads < 1) {
            throw new IllegalArgumentException("sextant.webhooks.max-concurrent-reads: must be >= 1, got "
                    + maxConcurrentReads);
        }
    }

    /**
     * A token bucket per source: {@code burst} deliveries at once, refilled at {@code perSecond}.
     *
     * @param perSecond sustained deliveries per second (may be fractional: 0.5 is one every two seconds)
     * @param burst     deliveries accepted back to back after a quiet period
     */
    record RateLimit(@DefaultValue("10") double perSecond, @DefaultValue("20") int burst) {

        RateLimit {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("sextant.webhooks.rate-limit.per-second: must be > 0, got " + perSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("sextant.webhooks.rate-limit.burst: must be >= 1, got " + burst);
            }
        }
    }

    /**
     * Delivery ids seen recently, so a redelivered or replayed delivery is processed once.
     *
     * @param remember how many delivery ids to keep (the oldest are forgotten first)
     * @param ttl      how long an id is remembered
     */
    record Deliveries(@DefaultValue("10000") int remember, @DefaultValue("24h") Duration ttl) {

        Deliveries {
            if (remember < 1) {
                throw new IllegalArgumentException("sextant.webhooks.deliveries.remember: must be >= 1, got " + remember);
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("sextant.webhooks.deliveries.ttl: must be positive, got " + ttl);
            }
        }
    }

    /**
     * Deliveries that no source's secret verifies: anyone can send them, so they are limited per client
     * address (a token bucket, 429 beyond it) and never logged one line each; the count is the
     * {@code rejected} result of {@code sextant_webhook_deliveries_total}, and one log line per
     * {@code logInterval} sums them up.
     *
     * @param perSecond   sustained refusals per second per client address
     * @param burst       refusals a client address gets back to back
     * @param logInterval at most one log line about refused deliveries per interval
     */
    record Unauthenticated(@DefaultValue("0.2") double perSecond, @DefaultValue("10") int burst,
                           @DefaultValue("1m") Duration logInterval) {

        Unauthenticated {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("sextant.webhooks.unauthenticated.per-second: must be > 0, got "
                        + perSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("sextant.webhooks.unauthenticated.burst: must be >= 1, got " + burst);
            }
            if (logInterval.isNegative() || logInterval.isZero()) {
                throw new IllegalArgumentException("sextant.webhooks.unauthenticated.log-interval: must be positive, got "
                        + logInterval);
            }
        }
    }
}
