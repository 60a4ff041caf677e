package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Remembering delivery ids: once each, bounded in size and time. */
class DeliveryLogTest {

    final AtomicLong now = new AtomicLong();
    final DeliveryLog log = new DeliveryLog(new WebhooksProperties.Deliveries(3, Duration.ofMinutes(10)), now::get);

    @Test
    void aDeliveryIsFirstOnlyOnce() {
        assertThat(log.firstDelivery("github:a")).isTrue();
        assertThat(log.firstDelivery("github:a")).isFalse();
        assertThat(log.firstDelivery("gitea:a")).as("ids are per provider").isTrue();
    }

    @Test
    void forgetsAnIdAfterItsTtl() {
        log.firstDelivery("github:a");
        now.addAndGet(Duration.ofMinutes(10).minusNanos(1).toNanos());
        assertThat(log.firstDelivery("github:a")).isFalse();
        now.addAndGet(1);
        assertThat(log.firstDelivery("github:a")).isTrue();
    }

    @Test
    void forgetsTheOldestIdsBeyondItsCapacity() {
        for (String id : new String[] {"a", "b", "c", "d"}) {
            assertThat(log.firstDelivery(id)).isTrue();
        }
        assertThat(log.firstDelivery("d")).isFalse();
        assertThat(log.firstDelivery("a")).as("evicted").isTrue();
    }

    @Test
    void aForgottenDeliveryCountsAsNewAgain() {
        log.firstDelivery("github:a");
        log.forget("github:a");
        assertThat(log.firstDelivery("github:a")).isTrue();
    }
}
