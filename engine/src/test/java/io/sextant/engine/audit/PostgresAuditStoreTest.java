package io.sextant.engine.audit;

import static io.sextant.engine.audit.AuditFixtures.JSON;
import static io.sextant.engine.audit.AuditFixtures.commitId;
import static io.sextant.engine.audit.AuditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The same migration and store on a real PostgreSQL, the database of the clustered mode. */
class PostgresAuditStoreTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private String database;
    private DataSource dataSource;
    private JdbcAuditStore store;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = "audit_" + DATABASES.incrementAndGet();
        new JdbcTemplate(postgres.getPostgresDatabase()).execute("CREATE DATABASE " + database);
        dataSource = AuditFixtures.migrated(postgres.getDatabase("postgres", database));
        store = new JdbcAuditStore(dataSource);
    }

    @Test
    void appendsFindsAndVerifies() throws Exception {
        for (int i = 1; i <= 5; i++) {
            store.append(update(commitId(i % 2), "llama-" + i, i + 1));
        }

        assertThat(store.find(AuditQuery.newest(3))).extracting(AuditEvent::id).containsExactly(5L, 4L, 3L);
        assertThat(store.find(new AuditQuery(commitId(0), "ModelDeployment", "search", null, "update", 100)))
                .extracting(AuditEvent::id).containsExactly(4L, 2L);
        assertThat(store.find(new AuditQuery(null, null, null, "llama-3", null, 100)))
                .singleElement().satisfies(e -> assertThat(e.diff().get(0).get("value").asInt()).isEqualTo(4));
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 5, null));
        String served = JSON.writeValueAsString(Map.of("items", store.find(AuditQuery.newest(100))));
        assertThat(AuditFixtures.firstBrokenInServedJson(served)).isNull();
    }

    @Test
    void replicasAppendingConcurrentlyShareOneContiguousChain() throws Exception {
        // Four stores with their own data sources stand for four engine replicas on one database.
        List<JdbcAuditStore> replicas = IntStream.range(0, 4)
                .mapToObj(i -> new JdbcAuditStore(postgres.getDatabase("postgres", database)))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = IntStream.range(0, 8).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    replicas.get(t % 4).append(update(commitId(t), "model-" + t, i + 2));
                }
            })).toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 160, null));
        assertThat(store.find(AuditQuery.newest(1000))).extracting(AuditEvent::id)
                .isEqualTo(LongStream.iterate(160, id -> id >= 1, id -> id - 1).boxed().toList());
    }

    @Test
    void changedDiffIsDetected() {
        for (int i = 1; i <= 4; i++) {
            store.append(update(commitId(i), "llama", i + 1));
        }

        new JdbcTemplate(dataSource).update("UPDATE audit_event SET diff = '[]' WHERE id = 2");

        assertThat(store.verify()).isEqualTo(new ChainVerification(false, 4, 2L));
    }

    @Test
    void textPostgresCannotHoldIsReplacedBeforeHashingSoTheChainStillVerifies() {
        AuditEntry e = update(commitId(1), "llama", 2);
        AuditEntry awkward = new AuditEntry(e.source(), e.commit(), e.commitAuthor(), "nul\u0000 lone \uD800",
                e.pullRequest(), e.approvedBy(), e.trigger(), e.resource(), e.backend(), e.action(), e.diff(),
                "failed", "backend said \u0000", e.durationMs());

        AuditEvent event = store.append(awkward);

        assertThat(store.find(AuditQuery.newest(1))).containsExactly(event);
        assertThat(event.commitMessage()).isEqualTo("nul\uFFFD lone \uFFFD");
        assertThat(store.verify().valid()).isTrue();
    }

    @Test
    void appendJoinsTheCallersTransactionSoARollbackLeavesNoEventAndNoGap() {
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        JdbcAuditStore joined = new JdbcAuditStore(dataSource, transactions);

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            joined.append(update(commitId(1), "llama", 2));
            status.setRollbackOnly(); // e.g. marking the plan step done failed
        });
        AuditEvent next = joined.append(update(commitId(2), "llama", 3));

        assertThat(next.id()).isEqualTo(1);
        assertThat(next.prevHash()).isEqualTo(AuditHasher.GENESIS);
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 1, null));
    }
}
