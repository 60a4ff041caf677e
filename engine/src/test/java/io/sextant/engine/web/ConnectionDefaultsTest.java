package io.sextant.engine.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/** Without any configuration, every way a connection can hold the server is bounded. */
class ConnectionDefaultsTest {

    @Test
    void bodyReadsTimeOutAfterTenSecondsByDefaultAndNonsenseIsRefused() {
        assertThat(bind(Map.of()).bodyReadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> bind(Map.of("sextant.http.body-read-timeout", "0s")))
                .rootCause().hasMessageContaining("sextant.http.body-read-timeout");
    }

    @Test
    void shippedConfigurationBoundsTimeoutsSwallowedBodiesConnectionsAndThreads() throws Exception {
        PropertySource<?> shipped = new YamlPropertySourceLoader()
                .load("application.yaml", new ClassPathResource("application.yaml")).get(0);

        assertThat(duration(shipped, "server.tomcat.connection-timeout")).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(duration(shipped, "server.tomcat.keep-alive-timeout")).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertThat(DataSize.parse(shipped.getProperty("server.tomcat.max-swallow-size").toString()).toKilobytes())
                .isBetween(1L, 1024L);
        assertThat(shipped.getProperty("server.tomcat.max-connections")).isNotNull();
        assertThat(shipped.getProperty("server.tomcat.accept-count")).isNotNull();
        assertThat(shipped.getProperty("server.tomcat.threads.max")).isNotNull();
    }

    private static Duration duration(PropertySource<?> source, String key) {
        Object value = source.getProperty(key);
        assertThat(value).as(key).isNotNull();
        return org.springframework.boot.convert.DurationStyle.detectAndParse(value.toString());
    }

    private static HttpProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("sextant.http", HttpProperties.class);
    }
}
