package io.sextant.engine.config;

import io.sextant.engine.reconcile.RetryPolicy;
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
}
