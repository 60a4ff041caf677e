package io.sextant.appliers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sextant.appliers.api.BackendConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backend settings are checked when the backend is created, naming the backend and the setting. */
class HttpSettingsTest {

    static HttpSettings settings(Map<String, Object> values) {
        return HttpSettings.from(new BackendConfig("triton-a", "triton", values, null), Map.of("SET", "x")::get);
    }

    @Test
    void defaultsToTenSecondsAndFourRequestsAtOnce() {
        HttpSettings settings = settings(Map.of("url", "http://triton:8000/"));

        assertThat(settings.url()).hasToString("http://triton:8000");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxConcurrency()).isEqualTo(4);
    }

    @Test
    void readsDurationsAsSpringBootWritesThem() {
        assertThat(settings(Map.of("url", "http://t", "timeout", "PT30S")).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings(Map.of("url", "http://t", "timeout", "2m")).timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings(Map.of("url", "http://t", "timeout", 1500)).timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings(Map.of("url", "http://t", "max-concurrency", "8")).maxConcurrency()).isEqualTo(8);
    }

    @Test
    void rejectsWhatCannotWorkNamingTheSetting() {
        assertThatThrownBy(() -> settings(Map.of())).hasMessage(
                "backend 'triton-a' (type triton): setting 'url' is required, such as http://host:8000");
        assertThatThrownBy(() -> settings(Map.of("url", "triton:8000"))).hasMessageContaining("'url' must be an http://");
        assertThatThrownBy(() -> settings(Map.of("url", "http://t", "timeout", "soon"))).hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> settings(Map.of("url", "http://t", "timeout", "0s"))).hasMessageContaining("positive");
        assertThatThrownBy(() -> settings(Map.of("url", "http://t", "max-concurrency", 0))).hasMessageContaining("'max-concurrency'");
        Map<String, Object> both = new HashMap<>(Map.of("url", "http://t", "token-env", "SET", "token-file", "/t"));
        assertThatThrownBy(() -> settings(both)).hasMessageContaining("exclusive");
        assertThatThrownBy(() -> settings(Map.of("url", "http://t", "token-env", "UNSET")))
                .hasMessageContaining("environment variable UNSET, which is not set");
    }
}
