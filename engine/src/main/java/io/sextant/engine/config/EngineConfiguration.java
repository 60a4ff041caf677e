package io.sextant.engine.config;

import io.sextant.engine.reconcile.Backoff;
import io.sextant.engine.reconcile.RetryPolicy;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans that are values rather than components. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

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

    /** The clock backoffs are measured on; tests replace it to move time. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
