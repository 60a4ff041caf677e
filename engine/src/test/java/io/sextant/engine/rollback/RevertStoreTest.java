package io.sextant.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import io.sextant.plugin.Kind;
import io.sextant.plugin.ResourceKey;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hand-over of an abort's revert between replicas on a real PostgreSQL, each replica a store with its own
 * connections: a due revert is claimed by exactly one of them, a finished one by none, a failed one again only
 * after its backoff, and one whose claimant died after its claim expired.
 */
class RevertStoreTest {

    static EmbeddedPostgres postgres;
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load()
                .migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static RevertStore replica() {
        return new RevertStore(JdbcClient.create(postgres.getPostgresDatabase()));
    }

    private static ResourceKey key(String name) {
        return new ResourceKey(Kind.of("ModelDeployment"), "search", name);
    }

    private static String commit(int i) {
        return String.format("%040x", 0xabc000 + i);
    }

    @Test
    void ofTwoReplicasTickingAtOnceEachDueRevertIsClaimedByExactlyOne() throws Exception {
        RevertStore a = replica();
        RevertStore b = replica();
        for (int i = 0; i < 50; i++) {
            (i % 2 == 0 ? a : b).request(key("race-" + i), commit(i), "fleet", commit(1000 + i), "aborted", null, NOW);
        }
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> ticks = new ArrayList<>();
            for (String self : List.of("a-1", "a-2", "b-1", "b-2")) {
                RevertStore store = self.startsWith("a") ? a : b;
                ticks.add(threads.submit(() -> {
                    go.await();
                    for (RevertStore.Row row : store.due(NOW)) {
                        if (row.key().name().startsWith("race-") && store.claim(row.key(), row.reverted(), self, NOW, NOW.plus(AbortReverts.CLAIM))) {
                            wins.computeIfAbsent(row.key().name(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> tick : ticks) {
                tick.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(wins).hasSize(50);
        assertThat(wins.values()).allSatisfy(count -> assertThat(count.get()).isOne());
    }

    @Test
    void theSameAbortRecordedTwiceIsOneRevert() {
        RevertStore a = replica();
        assertThat(a.request(key("twice"), commit(1), "fleet", commit(2), "aborted", null, NOW)).isTrue();
        assertThat(replica().request(key("twice"), commit(1), "fleet", commit(2), "aborted again", null, NOW))
                .isFalse();
        assertThat(a.find(key("twice"), commit(1)).orElseThrow().reason()).isEqualTo("aborted");
    }

    @Test
    void aPushedRevertIsNeverClaimedAgainByAnyReplica() {
        RevertStore a = replica();
        RevertStore b = replica();
        a.request(key("pushed"), commit(3), "fleet", commit(4), "aborted", null, NOW);
        assertThat(a.claim(key("pushed"), commit(3), "a", NOW, NOW.plus(AbortReverts.CLAIM))).isTrue();
        assertThat(a.finish(key("pushed"), commit(3), "a", RevertStore.State.PUSHED, 0, null, null, null)).isTrue();

        Instant muchLater = NOW.plus(Duration.ofDays(1));
        assertThat(b.due(muchLater)).extracting(r -> r.key().name()).doesNotContain("pushed");
        assertThat(b.claim(key("pushed"), commit(3), "b", muchLater, muchLater.plus(AbortReverts.CLAIM))).isFalse();
        assertThat(b.find(key("pushed"), commit(3)).orElseThrow().status().state()).isEqualTo("pushed");
    }

    @Test
    void aFailedRevertIsTakenUpByTheOtherReplicaOnlyAfterItsBackoff() {
        RevertStore a = replica();
        RevertStore b = replica();
        a.request(key("retry"), commit(5), "fleet", commit(6), "aborted", null, NOW);
        a.claim(key("retry"), commit(5), "a", NOW, NOW.plus(AbortReverts.CLAIM));
        Instant next = NOW.plusSeconds(10);
        a.finish(key("retry"), commit(5), "a", RevertStore.State.RETRYING, 1, next, null, "push refused: 503");

        assertThat(b.find(key("retry"), commit(5)).orElseThrow().status())
                .isEqualTo(new RollbackStatus("retrying", commit(5), null, 1, "push refused: 503", next));
        assertThat(b.claim(key("retry"), commit(5), "b", next.minusMillis(1), next.plus(AbortReverts.CLAIM)))
                .as("before its backoff").isFalse();
        assertThat(b.claim(key("retry"), commit(5), "b", next, next.plus(AbortReverts.CLAIM))).isTrue();
        assertThat(a.claim(key("retry"), commit(5), "a", next, next.plus(AbortReverts.CLAIM)))
                .as("b holds it now").isFalse();
    }

    @Test
    void aClaimWhoseReplicaDiedIsTakenOverOnceItExpiresAndTheDeadReplicaCannotOverwriteTheOutcome() {
        RevertStore dead = replica();
        RevertStore live = replica();
        dead.request(key("orphan"), commit(7), "fleet", commit(8), "aborted", null, NOW);
        Instant until = NOW.plus(AbortReverts.CLAIM);
        assertThat(dead.claim(key("orphan"), commit(7), "dead", NOW, until)).isTrue();

        assertThat(live.due(until.minusSeconds(1))).extracting(r -> r.key().name()).doesNotContain("orphan");
        assertThat(live.find(key("orphan"), commit(7)).orElseThrow().status().state()).isEqualTo("pending");
        Instant later = until.plusSeconds(1);
        assertThat(live.due(later)).extracting(r -> r.key().name()).contains("orphan");
        assertThat(live.claim(key("orphan"), commit(7), "live", later, later.plus(AbortReverts.CLAIM))).isTrue();
        assertThat(live.finish(key("orphan"), commit(7), "live", RevertStore.State.PUSHED, 0, null, null, null))
                .isTrue();
        assertThat(dead.finish(key("orphan"), commit(7), "dead", RevertStore.State.RETRYING, 1, later, null, "late"))
                .as("an expired claimant's outcome is not written").isFalse();
        assertThat(live.find(key("orphan"), commit(7)).orElseThrow().state()).isEqualTo(RevertStore.State.PUSHED);
    }
}
