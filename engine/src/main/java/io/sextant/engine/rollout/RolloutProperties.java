package io.sextant.engine.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of progressive delivery ({@code sextant.rollout.*}).
 *
 * @param tick how often running rollouts move on (a pause ends, an analysis result is read); {@code 0s} turns
 *             the timer off (the owner calls {@link RolloutController#advance()} by hand, as tests do)
 * @param progressDeadline how long a ModelDeployment may stay not Healthy after it was applied before it is
 *             Degraded, when its {@code spec.rollout.progressDeadline} does not say; at least 1s
 */
@ConfigurationProperties("sextant.rollout")
record RolloutProperties(@DefaultValue("1s") Duration tick, @DefaultValue("10m") Duration progressDeadline) {

    RolloutProperties {
        if (tick.isNegative()) {
            throw new IllegalArgumentException("sextant.rollout.tick must not be negative, was " + tick);
        }
        if (progressDeadline.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("sextant.rollout.progress-deadline must be at least 1s, was "
                    + progressDeadline);
        }
    }
}
