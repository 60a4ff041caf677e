package io.sextant.engine.audit;

import static io.sextant.engine.audit.AuditFixtures.commitId;
import static io.sextant.engine.audit.AuditFixtures.entry;
import static io.sextant.engine.audit.AuditFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The hash chain on the embedded default's H2: how it is built and what tampering it reveals. */
class JdbcAuditStoreTest {

    private DataSource dataSource;
    private JdbcAuditStore store;
    private JdbcTemplate sql;

    @BeforeEach
    void freshDatabase() {
        dataSource = AuditFixtures.migratedH2();
        store = new JdbcAuditStore(dataSource);
        sql = new JdbcTemplate(dataSource);
    }

    @Test
    void emptyLogVerifies() {
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 0, null));
    }

    @Test
    void chainsEventsFromGenesisAndVerifies() {
        List<AuditEvent> appended = appendFive();

        assertThat(appended).extracting(AuditEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(appended.get(0).prevHash()).isEqualTo("0".repeat(64));
        for (int i = 1; i < appended.size(); i++) {
            assertThat(appended.get(i).prevHash()).isEqualTo(appended.get(i - 1).hash());
        }
        assertThat(appended).allSatisfy(e -> {
            assertThat(e.hash()).matches("[0-9a-f]{64}").isEqualTo(AuditHasher.hash(e));
            assertThat(Instant.parse(e.time())).isEqualTo(Instant.parse(e.time()).truncatedTo(ChronoUnit.MILLIS));
        });
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 5, null));
    }

    @Test
    void returnsEventsExactlyAsStored() {
        AuditEvent appended = store.append(update(commitId(1), "llama", 3));

        assertThat(store.find(AuditQuery.newest(10))).containsExactly(appended);
        assertThat(appended.error()).isNull();
        assertThat(appended.diff().toString())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"from\":2,\"value\":3}]");
    }

    @Test
    void recordsTheSignerOfAVerifiedCommitAndLeavesOlderEventsHashingAsBefore() {
        AuditEntry unsigned = update(commitId(1), "llama", 3);
        AuditEvent before = store.append(unsigned);
        AuditEvent.Signer ada = new AuditEvent.Signer("SHA256:2vJ7kZ0m0lq4b9N6eQx8Xc1sQFq3j3x4Yq9kq0pQm5E", "ada@example.com");
        AuditEntry u = update(commitId(2), "llama", 4);
        AuditEvent signed = store.append(new AuditEntry(u.source(), u.commit(), u.commitAuthor(), u.commitMessage(),
                u.pullRequest(), u.approvedBy(), u.trigger(), u.resource(), u.backend(), u.action(), u.diff(),
                u.outcome(), u.error(), u.durationMs(), ada));

        assertThat(store.find(AuditQuery.newest(10))).containsExactly(signed, before);
        assertThat(signed.signedBy()).isEqualTo(ada);
        assertThat(before.signedBy()).isNull();
        assertThat(AuditFixtures.JSON.writeValueAsString(before)).as("no signedBy member on an unsigned event")
                .doesNotContain("signedBy");
        assertThat(AuditHasher.hash(AuditFixtures.JSON.valueToTree(signed))).as("served JSON re-verifies")
                .isEqualTo(signed.hash());
        assertThat(AuditHasher.hashViaTree(signed)).isEqualTo(signed.hash());
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 2, null));

        sql.update("UPDATE audit_event SET signed_by_principal = 'mallory' WHERE id = 2");
        assertThat(store.verify()).as("the signer is covered by the hash").isEqualTo(new ChainVerification(false, 2, 2L));
    }

    @Test
    void recordsTheDeployedModelRevisionInTheChainAndLeavesEventsWithoutOneHashingAsBefore() {
        AuditEvent before = store.append(update(commitId(1), "llama", 3));
        String pinned = "0123456789abcdef0123456789abcdef01234567";
        AuditEvent deployed = store.append(update(commitId(2), "llama", 4).withModelRevision(pinned));

        assertThat(store.find(AuditQuery.newest(10))).containsExactly(deployed, before);
        assertThat(deployed.modelRevision()).isEqualTo(pinned);
        assertThat(AuditFixtures.JSON.writeValueAsString(before)).as("no modelRevision member without one")
                .doesNotContain("modelRevision");
        assertThat(AuditFixtures.JSON.writeValueAsString(deployed)).contains("\"modelRevision\":\"" + pinned + "\"");
        assertThat(AuditHasher.hash(AuditFixtures.JSON.valueToTree(deployed))).as("served JSON re-verifies")
                .isEqualTo(deployed.hash());
        assertThat(AuditHasher.hashViaTree(deployed)).isEqualTo(deployed.hash());
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 2, null));

        sql.update("UPDATE audit_event SET model_revision = 'main' WHERE id = 2");
        assertThat(store.verify()).as("the revision is covered by the hash").isEqualTo(new ChainVerification(false, 2, 2L));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            event_time     | 2030-01-01T00:00:00Z
            source         | other
            commit_id      | ffffffffffffffffffffffffffffffffffffffff
            commit_author  | Mallory <m@example.com>
            commit_message | nothing to see
            pull_request   | 99
            approved_by    | ["mallory"]
            event_trigger  | manual
            kind           | LoraAdapter
            namespace      | other
            name           | other
            backend        | prod-k8s
            action         | delete
            diff           | []
            outcome        | failed
            error          | boom
            duration_ms    | 999999
            prev_hash      | 1111111111111111111111111111111111111111111111111111111111111111
            hash           | 2222222222222222222222222222222222222222222222222222222222222222
            """)
    void changingAnyStoredColumnBreaksTheChainAtThatEvent(String column, String newValue) {
        appendFive();

        // H2 converts the text to the column type, as a hand-written UPDATE would.
        sql.update("UPDATE audit_event SET " + column + " = ? WHERE id = 3", newValue);

        assertThat(store.verify()).isEqualTo(new ChainVerification(false, 5, 3L));
    }

    @Test
    void deletingAMiddleEventBreaksTheChainWhereItWas() {
        appendFive();

        sql.update("DELETE FROM audit_event WHERE id = 3");

        assertThat(store.verify()).isEqualTo(new ChainVerification(false, 4, 3L));
    }

    @Test
    void deletingTheNewestEventsIsCaughtByTheChainHead() {
        appendFive();

        sql.update("DELETE FROM audit_event WHERE id >= 4");

        assertThat(store.verify()).isEqualTo(new ChainVerification(false, 3, 4L));
    }

    @Test
    void rewritingTheNewestEventWithAFreshHashIsCaughtByTheChainHead() {
        List<AuditEvent> appended = appendFive();
        AuditEvent last = appended.get(4);
        AuditEvent forged = new AuditEvent(last.id(), last.time(), last.source(), last.commit(),
                last.commitAuthor(), last.commitMessage(), last.pullRequest(), last.approvedBy(), last.trigger(),
                last.resource(), last.backend(), last.action(), last.diff(), "failed", "forged", last.durationMs(),
                last.prevHash(), null);

        sql.update("UPDATE audit_event SET outcome = 'failed', error = 'forged', hash = ? WHERE id = 5",
                AuditHasher.hash(forged));

        assertThat(store.verify()).isEqualTo(new ChainVerification(false, 5, 5L));
    }

    @Test
    void concurrentAppendsKeepOneContiguousChain() throws Exception {
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = LongStream.range(0, threads).<Future<?>>mapToObj(t -> pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    store.append(update(commitId((int) t), "model-" + t, i + 2));
                }
            })).toList();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.verify()).isEqualTo(new ChainVerification(true, threads * perThread, null));
        List<Long> newestFirst = LongStream.iterate(threads * perThread, id -> id >= 1, id -> id - 1).boxed().toList();
        assertThat(store.find(AuditQuery.newest(1000))).extracting(AuditEvent::id).isEqualTo(newestFirst);
    }

    @Test
    void appendingSeveralAtOnceChainsThemLikeOneAtATime() {
        List<AuditEvent> first = appendFive();

        List<AuditEvent> batch = store.appendAll(List.of(update(commitId(6), "llama-6", 7),
                entry(commitId(6), "LoraAdapter", "sql-lora", "create"), update(commitId(6), "llama-8", 9)));

        assertThat(batch).extracting(AuditEvent::id).containsExactly(6L, 7L, 8L);
        assertThat(batch.get(0).prevHash()).isEqualTo(first.get(4).hash());
        assertThat(batch.get(1).prevHash()).isEqualTo(batch.get(0).hash());
        assertThat(batch.get(2).prevHash()).isEqualTo(batch.get(1).hash());
        assertThat(batch).allSatisfy(e -> assertThat(e.hash()).isEqualTo(AuditHasher.hashViaTree(e)));
        assertThat(store.find(AuditQuery.newest(3))).containsExactly(batch.get(2), batch.get(1), batch.get(0));
        assertThat(store.append(update(commitId(9), "llama-9", 10)).prevHash()).isEqualTo(batch.get(2).hash());
        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 9, null));
    }

    @Test
    void aBatchWithOneEntryTheColumnsCannotHoldAppendsNothing() {
        appendFive();

        assertThatIllegalArgumentException().isThrownBy(() -> store.appendAll(List.of(update(commitId(6), "ok", 2),
                entry(commitId(6), "ModelDeployment", "x".repeat(256), "create"))));

        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 5, null));
    }

    @Test
    void aBatchInTheCallersTransactionRollsBackWithIt() {
        appendFive();
        DataSourceTransactionManager manager = new DataSourceTransactionManager(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(manager);
        JdbcAuditStore joined = new JdbcAuditStore(dataSource, manager);

        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult(tx -> {
            joined.appendAll(List.of(update(commitId(6), "llama-6", 7), update(commitId(7), "llama-7", 8)));
            throw new IllegalStateException("the step's own write failed");
        }));

        assertThat(store.verify()).isEqualTo(new ChainVerification(true, 5, null));
        assertThat(store.append(update(commitId(6), "llama-6", 7)).id()).isEqualTo(6);
    }

    private List<AuditEvent> appendFive() {
        return LongStream.rangeClosed(1, 5)
                .mapToObj(i -> store.append(update(commitId((int) i), "llama-" + i, (int) i + 1)))
                .toList();
    }
}
