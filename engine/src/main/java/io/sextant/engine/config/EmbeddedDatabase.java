package io.sextant.engine.config;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded default database: an H2 file under {@code sextant.data-dir}, as an absolute path
 * because H2 refuses implicitly relative ones. Used only when {@code spring.datasource.url} is not
 * configured (PostgreSQL in production sets it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabase {

    @Bean
    DataSource dataSource(SextantProperties properties) {
        Path file = properties.dataDir().toAbsolutePath().normalize().resolve("db").resolve("sextant");
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setPoolName("sextant-h2");
        dataSource.setJdbcUrl("jdbc:h2:file:" + file.toString().replace('\\', '/'));
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        return dataSource;
    }
}
