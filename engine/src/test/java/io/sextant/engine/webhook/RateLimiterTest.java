package io.sextant.engine.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per source, on a clock the test moves. */
class RateLimiterTest {

    final AtomicLong now = new AtomicLong(1_000);
    final RateLimiter limiter = new RateLimiter(new WebhooksProperties.RateLimit(2, 3), now::get);

    @Test
    void allowsABurstThenAsksToWaitForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(List.of("fleet"))).isZero();
        }
        assertThat(limiter.acquire(List.of("fleet"))).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(limiter.acquire(List.of("fleet"))).isEqualTo(Duration.ofMillis(1));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(limiter.acquire(List.of("fleet"))).isZero();
    }

    @Test
    void refillsNoMoreThanTheBurst() {
        limiter.acquire(List.of("fleet"));
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(List.of("fleet"))).isZero();
        }
        assertThat(limiter.acquire(List.of("fleet"))).isPositive();
    }

    @Test
    void eachSourceHasItsOwnBudget() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(List.of("fleet"));
        }
        assertThat(limiter.acquire(List.of("fleet"))).isPositive();
        assertThat(limiter.acquire(List.of("staging"))).isZero();
    }

    @Test
    void takesFromAllSourcesOfADeliveryOrFromNone() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(List.of("fleet"));
        }
        assertThat(limiter.acquire(List.of("staging", "fleet"))).isPositive();
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire(List.of("staging"))).as("staging's tokens untouched by the refused delivery")
                    .isZero();
        }
    }
}
