package io.sextant.engine.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SourceWorkerTest {

    final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void triggersDuringARunCoalesceIntoOneFollowUpWithTheStrongestTrigger() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<Trigger> runs = new CopyOnWriteArrayList<>();
        SourceWorker worker = new SourceWorker("s", pool, trigger -> {
            runs.add(trigger);
            if (runs.size() == 1) {
                firstStarted.countDown();
                await(releaseFirst);
            }
        });

        worker.request(Trigger.POLL);
        assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
        worker.request(Trigger.POLL);
        worker.request(Trigger.MANUAL);
        worker.request(Trigger.WEBHOOK);
        releaseFirst.countDown();

        assertThat(worker.awaitIdle(5_000)).isTrue();
        assertThat(runs).containsExactly(Trigger.POLL, Trigger.MANUAL);
    }

    @Test
    void neverRunsTwoReconcilesOfOneSourceAtOnce() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        SourceWorker worker = new SourceWorker("s", pool, trigger -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            sleep(2);
            concurrent.decrementAndGet();
        });

        for (int i = 0; i < 200; i++) {
            pool.execute(() -> worker.request(Trigger.WEBHOOK));
        }
        Thread.sleep(50);

        assertThat(worker.awaitIdle(10_000)).isTrue();
        assertThat(maxConcurrent.get()).isEqualTo(1);
        assertThat(runs.get()).isBetween(1, 200);
    }

    @Test
    void aFailingReconcileDoesNotStopLaterOnes() throws Exception {
        List<Trigger> runs = new CopyOnWriteArrayList<>();
        SourceWorker worker = new SourceWorker("s", pool, trigger -> {
            runs.add(trigger);
            if (runs.size() == 1) {
                throw new IllegalStateException("boom");
            }
        });
        worker.request(Trigger.POLL);
        assertThat(worker.awaitIdle(5_000)).isTrue();
        worker.request(Trigger.MANUAL);
        assertThat(worker.awaitIdle(5_000)).isTrue();
        assertThat(runs).containsExactly(Trigger.POLL, Trigger.MANUAL);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
