package io.sextant.engine.analysis;

import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.SextantProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The analysis beans; the Prometheus settings are checked here, so a mistake stops start-up. */
@Configuration(proxyBeanMethods = false)
class AnalysisConfiguration {

    @Bean
    MeasurementStore measurementStore(JdbcClient jdbc) {
        return new MeasurementStore(jdbc);
    }

    @Bean
    AnalysisService analysisService(AnalysisProperties properties, SextantProperties engine, BackendRegistry backends,
                                    MeasurementStore store, Clock clock) {
        return new AnalysisService(properties, new AnalysisSources(properties, engine, backends, clock), store, clock);
    }
}
