package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code sextant.webhooks.*}: defaults that suit a busy repository, and clear errors for nonsense. */
class WebhooksPropertiesTest {

    @Test
    void defaultsToOneMebibyteTenPerSecondBurstTwentyAndADayOfDeliveryIds() {
        WebhooksProperties defaults = Sources.webhooks();

        assertThat(defaults.maxPayloadSize().toBytes()).isEqualTo(1024 * 1024);
        assertThat(defaults.rateLimit().perSecond()).isEqualTo(10);
        assertThat(defaults.rateLimit().burst()).isEqualTo(20);
        assertThat(defaults.deliveries().remember()).isEqualTo(10_000);
        assertThat(defaults.deliveries().ttl()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void bindsEveryKey() {
        WebhooksProperties set = Sources.webhooks("max-payload-size", "256KB", "rate-limit.per-second", "0.5",
                "rate-limit.burst", "3", "deliveries.remember", "50", "deliveries.ttl", "10m");

        assertThat(set.maxPayloadSize().toBytes()).isEqualTo(256 * 1024);
        assertThat(set.rateLimit().perSecond()).isEqualTo(0.5);
        assertThat(set.rateLimit().burst()).isEqualTo(3);
        assertThat(set.deliveries().remember()).isEqualTo(50);
        assertThat(set.deliveries().ttl()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesLimitsThatWouldRefuseEverythingNamingTheKey() {
        assertThatThrownBy(() -> Sources.webhooks("rate-limit.per-second", "0"))
                .rootCause().hasMessageContaining("sextant.webhooks.rate-limit.per-second");
        assertThatThrownBy(() -> Sources.webhooks("rate-limit.burst", "0"))
                .rootCause().hasMessageContaining("sextant.webhooks.rate-limit.burst");
        assertThatThrownBy(() -> Sources.webhooks("max-payload-size", "0B"))
                .rootCause().hasMessageContaining("sextant.webhooks.max-payload-size");
        assertThatThrownBy(() -> Sources.webhooks("deliveries.ttl", "0s"))
                .rootCause().hasMessageContaining("sextant.webhooks.deliveries.ttl");
    }
}
