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
        // WRITE_DELAY=0: a commit reaches the file before the call returns. H2 otherwise batches commits
        // for up to half a second, and a kill -9 in that window loses audit events and journal marks.
        dataSource.setJdbcUrl("jdbc:h2:file:" + file.toString().replace('\\', '/') + ";WRITE_DELAY=0");
        dataSource.setUsername("sa");
        dataSource.setPassword("");
        return dataSource;
    }
}
