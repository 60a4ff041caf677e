package io.sextant.engine.reconcile;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * A real in-memory H2 database with the engine's Flyway migrations, as the embedded default runs them,
 * built without a Spring context. One per test class; {@link #clear} empties it between tests.
 */
public final class TestDatabase {

    public final DataSource dataSource;
    public final JdbcClient jdbc;
    public final JdbcTemplate template;
    public final DataSourceTransactionManager transactions;

    private TestDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.transactions = new DataSourceTransactionManager(dataSource);
    }

    public static TestDatabase migrated() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:core-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(h2);
    }

    /** Back to the state right after the migrations. */
    public void clear() {
        template.execute("DELETE FROM sync_step");
        template.execute("DELETE FROM sync_plan");
        template.execute("DELETE FROM resource_status");
        template.execute("DELETE FROM source_state");
        template.execute("DELETE FROM audit_event");
        template.execute("UPDATE audit_chain_head SET last_id = 0, last_hash = '" + "0".repeat(64) + "'");
    }

    public int count(String table, String where) {
        return template.queryForObject("SELECT COUNT(*) FROM " + table + (where.isEmpty() ? "" : " WHERE " + where),
                Integer.class);
    }
}
