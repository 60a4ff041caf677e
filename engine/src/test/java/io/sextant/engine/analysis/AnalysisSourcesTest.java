package io.sextant.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.engine.backend.BackendRegistry;
import io.sextant.engine.config.ConfigurationException;
import io.sextant.engine.config.SextantProperties;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Prometheus settings that cannot work stop start-up, naming the key. */
class AnalysisSourcesTest {

    private static AnalysisProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("sextant.analysis", AnalysisProperties.class);
    }

    private static SextantProperties engine() {
        return new Binder(new MapConfigurationPropertySource(Map.of("sextant.data-dir", "x")))
                .bindOrCreate("sextant", SextantProperties.class);
    }

    private static void sources(AnalysisProperties p) {
        new AnalysisSources(p, engine(), BackendRegistry.of(), Clock.systemUTC());
    }

    @Test
    void aTokenEnvironmentVariableThatIsNotSetStopsStartUp() {
        AnalysisProperties p = bind(Map.of("sextant.analysis.prometheus.url", "http://prometheus:9090",
                "sextant.analysis.prometheus.token-env", "SEXTANT_TEST_UNSET_PROMETHEUS_TOKEN"));

        assertThatThrownBy(() -> sources(p)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SEXTANT_TEST_UNSET_PROMETHEUS_TOKEN is not set")
                .extracting(e -> ((ConfigurationException) e).key())
                .isEqualTo("sextant.analysis.prometheus.token-env");
    }

    @Test
    void aUrlWithCredentialsOrOfAnotherSchemeStopsStartUp() {
        assertThatThrownBy(() -> sources(bind(Map.of("sextant.analysis.prometheus.url", "http://u:pw@prometheus:9090"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("must not hold credentials")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> sources(bind(Map.of("sextant.analysis.prometheus.url", "ftp://prometheus"))))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void aMistypedAnalysisSettingIsRefusedWithTheKeyMeant() {
        assertThat(io.sextant.engine.config.KnownKeys.problem(
                org.springframework.boot.context.properties.source.ConfigurationPropertyName.of(
                        "sextant.analysis.prometheus.urll")))
                .hasValue("unknown setting; sextant.analysis.prometheus has url, token-env, token-file, timeout");
        assertThat(io.sextant.engine.config.KnownKeys.problem(
                org.springframework.boot.context.properties.source.ConfigurationPropertyName.of(
                        "sextant.analysis.prometheus.token-file"))).isEmpty();
    }

    @Test
    void aTokenWithoutUrlOrAnUnreadableTokenFileStopsStartUp() {
        assertThatThrownBy(() -> sources(bind(Map.of("sextant.analysis.prometheus.token-file", "/x"))))
                .hasMessageContaining("a token is set but no url");
        assertThatThrownBy(() -> sources(bind(Map.of("sextant.analysis.prometheus.url", "http://p:9090",
                "sextant.analysis.prometheus.token-file", Path.of("/nonexistent/token").toString()))))
                .hasMessageContaining("cannot read /nonexistent/token");
        assertThatThrownBy(() -> bind(Map.of("sextant.analysis.prometheus.timeout", "0s")))
                .hasRootCauseMessage("sextant.analysis.prometheus.timeout must be positive, was PT0S");
        URI.create("http://p").getHost();
        Duration.ZERO.isZero();
    }
}
