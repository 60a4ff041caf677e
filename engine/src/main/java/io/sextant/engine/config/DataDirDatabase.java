package io.sextant.engine.config;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default database: an H2 file under {@code sextant.data-dir}, made absolute because
 * H2 refuses implicitly relative paths. Applies only when {@code spring.datasource.url} is not set
 * (the {@code postgres} set-up sets it).
 */
public class DataDirDatabase implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        Path dataDir = Path.of(environment.getProperty("sextant.data-dir", ".sextant")).toAbsolutePath().normalize();
        String url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("sextant").toString().replace('\\', '/');
        environment.getPropertySources().addLast(new MapPropertySource("sextant-data-dir-database",
                Map.of("spring.datasource.url", url)));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after application.yaml and the command line are loaded
    }
}
