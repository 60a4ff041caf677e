package io.sextant.engine.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of progressive delivery ({@code sextant.rollout.*}).
 *
 * @param tick how often running rollouts move on (a pause ends, an analysis result is read); {@code 0s} turns
 *             the timer off (the owner calls {@link RolloutController#advance()} by hand, as tests do)
 */
@ConfigurationProperties("sextant.rollout")
record RolloutProperties(@DefaultValue("1s") Duration tick) {

    RolloutProperties {
        if (tick.isNegative()) {
            throw new IllegalArgumentException("sextant.rollout.tick must not be negative, was " + tick);
        }
    }
}
