package io.sextant.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide lock of a source's run, on a real PostgreSQL: two replicas (two data sources) never
 * run one source at once, other sources are not held up, and a replica that dies mid-run frees the
 * source at once, without waiting for a lease to run out.
 */
class SourceRunLocksTest {

    static EmbeddedPostgres postgres;
    static DataSource replicaA;
    static DataSource replicaB;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        replicaA = postgres.getPostgresDatabase();
        replicaB = postgres.getPostgresDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void aSecondReplicaDoesNotRunASourceWhileAnotherRunsItButRunsOtherSources() throws Exception {
        SourceRunLocks a = new SourceRunLocks(replicaA);
        SourceRunLocks b = new SourceRunLocks(replicaB);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger runsOfB = new AtomicInteger();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = thread.submit(() -> a.runExclusively("fleet", () -> {
                running.countDown();
                await(finish);
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(b.runExclusively("fleet", runsOfB::incrementAndGet)).as("fleet is busy on A").isFalse();
            assertThat(a.runExclusively("fleet", runsOfB::incrementAndGet)).as("busy on A's other threads too")
                    .isFalse();
            assertThat(b.runExclusively("research", runsOfB::incrementAndGet)).as("another source").isTrue();
            assertThat(runsOfB).hasValue(1);

            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.runExclusively("fleet", runsOfB::incrementAndGet)).as("fleet is free again").isTrue();
            assertThat(runsOfB).hasValue(2);
        } finally {
            finish.countDown();
            thread.shutdownNow();
        }
    }

    @Test
    void aReplicaThatDiesMidRunFreesTheSourceWithItsConnection() throws Exception {
        Connection dying = replicaA.getConnection();
        try (Statement statement = dying.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + SourceRunLocks.lockKey("fleet") + ")");
        }
        SourceRunLocks survivor = new SourceRunLocks(replicaB);
        assertThat(survivor.runExclusively("fleet", () -> { })).as("held by the dying replica").isFalse();

        dying.close(); // what the server sees when a killed process's socket closes

        assertThat(survivor.runExclusively("fleet", () -> { })).isTrue();
    }

    @Test
    void theLockIsReleasedWhenTheRunThrows() {
        SourceRunLocks a = new SourceRunLocks(replicaA);
        try {
            a.runExclusively("fleet", () -> {
                throw new IllegalStateException("backend exploded");
            });
        } catch (IllegalStateException expected) {
            // the run's own failure
        }
        assertThat(new SourceRunLocks(replicaB).runExclusively("fleet", () -> { })).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
