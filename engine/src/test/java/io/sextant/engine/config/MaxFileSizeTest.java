package io.sextant.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code sextant.sources[].max-file-size} binds as a Spring {@code DataSize} and defaults to 4 MiB. */
class MaxFileSizeTest {

    static SourceProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("s", SourceProperties.class).get();
    }

    @Test
    void isFourMebibytesUnlessSet() {
        assertThat(bind(Map.of("s.name", "fleet")).maxFileSize().toBytes()).isEqualTo(4L * 1024 * 1024);
    }

    @Test
    void takesSpringDataSizeUnits() {
        assertThat(bind(Map.of("s.name", "fleet", "s.max-file-size", "10KB")).maxFileSize().toBytes()).isEqualTo(10_240);
        assertThat(bind(Map.of("s.name", "fleet", "s.max-file-size", "16MB")).maxFileSize().toBytes()).isEqualTo(16L << 20);
        assertThat(bind(Map.of("s.name", "fleet", "s.max-file-size", "1000")).maxFileSize().toBytes()).isEqualTo(1000);
    }
}
