package io.sextant.engine.reconcile;

import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retry beans, built here rather than in {@code config} so that configuration does not depend on
 * the reconciler's types (config is read by the reconciler, never the other way round).
 */
@Configuration(proxyBeanMethods = false)
class RetryConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RetryPolicy retryPolicy() {
        return RetryPolicy.DEFAULT;
    }

    /** How failing resources and Git sources back off; a mistake here stops start-up with the key named. */
    @Bean
    Backoff backoff(SextantProperties properties) {
        try {
            return new Backoff(properties.retry().initialDelay(), properties.retry().maxDelay());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("sextant.retry", e.getMessage(),
                    "Set initial-delay and max-delay to positive durations, initial-delay not above max-delay.", e);
        }
    }
}
